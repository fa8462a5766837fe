// A field mapping editor, for a source (/sources/{id}/mapping) and for a sync
// (/syncs/{id}/mapping): one JSONata expression over each catalog event's data. The API compiles
// it and its 422 shows at the expression; "Remove mapping" deletes it.
import { h, fill } from '../dom.js';
import { api } from '../api.js';
import { field, time, notice, confirmButton, showFormError } from '../ui.js';

/** The mapping of whatever `path` names, or null when it has none (the API's 404). */
async function current(path) {
  try {
    return await api('GET', path);
  } catch (error) {
    if (error.status === 404) return null;
    throw error;
  }
}

/** A section with the mapping of `path`, a form to save it and a remove button. */
export async function mappingSection(path) {
  const box = h('section', { class: 'mapping', 'aria-label': 'Field mapping' });
  const show = async (said) => {
    const mapping = await current(path);
    const form = h(
      'form',
      { class: 'mapping-form', novalidate: true, onsubmit: save },
      field({
        label: 'Mapping (JSONata)',
        name: 'expression',
        value: mapping ? mapping.expression : '',
        multiline: true,
        hint: 'Laid over each event\'s data, e.g. $merge([$, {"tier": properties.customer_tier}]).',
      }),
      h('p', { class: 'form-error', role: 'alert' }),
      h('button', { type: 'submit', class: 'primary' }, 'Save mapping'),
      mapping ? confirmButton('Remove mapping', 'Events keep only the vendor fields. Remove?', async () => {
        await api('DELETE', path);
        await show('Mapping removed.');
      }) : null,
    );
    async function save(event) {
      event.preventDefault();
      showFormError(form, null);
      try {
        await api('PUT', path, { expression: form.elements.expression.value });
        await show('Mapping saved.');
      } catch (error) {
        showFormError(form, error);
      }
    }
    fill(
      box,
      h('h2', {}, 'Field mapping'),
      said ? notice(said) : null,
      h('p', { class: 'mapping-state' }, mapping ? ['Updated ', time(mapping.updated_at), '.'] : 'No mapping: events carry the fields as Hookyard maps them.'),
      form,
    );
  };
  await show();
  return box;
}
