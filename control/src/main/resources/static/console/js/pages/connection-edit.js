// The form that changes a connection (PATCH /connections/{id}): its name, its settings, and new
// credentials. Credentials are write-only: the form says which kind is set, never a value; the
// fields start empty and are sent only when one is filled, replacing all of them.
import { h, fill } from '../dom.js';
import { api } from '../api.js';
import { field, jsonObject, showFormError } from '../ui.js';
import { KINDS, VENDORS, SECRET } from './connection-form.js';

/** The console's kind of credentials for what the API says is set. */
function kindOf(c, kinds) {
  if (kinds.includes(c.auth_type)) return c.auth_type;
  if (c.auth_type === 'basic' && kinds.includes('jira')) return 'jira';
  return kinds[0];
}

export function connectionEditForm(c, reload) {
  const kinds = (VENDORS[c.vendor] || [[c.auth_type]])[0].filter((k) => KINDS[k]);
  const authFields = h('div', { class: 'auth-fields' });
  const set = KINDS[kindOf(c, kinds)];
  const form = h(
    'form',
    { class: 'connection-edit', novalidate: true, onsubmit: submit },
    field({ label: 'Name', name: 'name', value: c.name }),
    field({ label: 'Settings (JSON)', name: 'settings', multiline: true, value: Object.keys(c.settings || {}).length ? JSON.stringify(c.settings, null, 2) : '' }),
    h('fieldset', {},
      h('legend', {}, 'Credentials'),
      h('p', { class: 'credentials-state' }, set ? `${set[0]}: ${set[1].filter((n) => n !== 'scope').join(', ')} set. ` : 'Set. ',
        'Stored sealed and never shown; fill these in only to replace them.'),
      field({ label: 'Kind', name: 'kind', value: kindOf(c, kinds), options: kinds.map((k) => [k, KINDS[k][0]]) }),
      authFields),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary' }, 'Save changes'),
  );
  const showAuth = () =>
    fill(authFields, KINDS[form.elements.kind.value][1].map((name) => field({
      label: name === 'scope' ? 'scope (optional)' : name,
      name: `auth.${name}`,
      type: SECRET.has(name) ? 'password' : 'text',
    })));
  form.elements.kind.addEventListener('change', showAuth);
  showAuth();

  async function submit(event) {
    event.preventDefault();
    showFormError(form, null);
    try {
      const body = { name: form.elements.name.value.trim() };
      const settings = jsonObject(form, 'settings');
      // the API merges settings: one left out of the box is removed with null
      for (const key of Object.keys(c.settings || {})) if (!(key in settings)) settings[key] = null;
      body.settings = settings;
      const auth = {};
      for (const name of KINDS[form.elements.kind.value][1]) {
        const value = form.elements[`auth.${name}`].value.trim();
        if (value) auth[name] = value;
      }
      if (Object.keys(auth).length) body.auth = auth;
      await api('PATCH', `/connections/${c.id}`, body);
      await reload('Connection saved.');
    } catch (error) {
      showFormError(form, error);
    }
  }
  return form;
}
