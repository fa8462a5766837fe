// Send an event as POST /api/v1/events does: a catalog type, a subject and its data. The schema
// check's 422 shows at the data field; an accepted event links to the endpoints' attempts.
import { h, fill } from '../dom.js';
import { api } from '../api.js';
import { page, field, notice, showFormError, jsonObject } from '../ui.js';

export async function sendPage(section) {
  const types = (await api('GET', '/event-types')).data;
  const example = (name) => {
    const type = types.find((t) => t.name === name);
    return type && type.example != null ? JSON.stringify(type.example, null, 2) : '{}';
  };
  const first = types.length ? types[0].name : '';
  const result = h('div', { class: 'send-result' });
  const form = h(
    'form',
    { onsubmit: submit },
    field({ label: 'Event type', name: 'type', value: first, options: types.map((t) => [t.name, t.name]) }),
    field({ label: 'Subject', name: 'subject', hint: 'What the event is about, such as inv_42 (optional)' }),
    field({ label: 'Data (JSON)', name: 'data', value: example(first), multiline: true }),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary' }, 'Send event'),
  );
  form.elements.type.addEventListener('change', () => {
    form.elements.data.value = example(form.elements.type.value);
  });
  form.elements.data.rows = 10;
  async function submit(event) {
    event.preventDefault();
    showFormError(form, null);
    fill(result);
    try {
      const body = { type: form.elements.type.value, data: jsonObject(form, 'data') };
      const subject = form.elements.subject.value.trim();
      if (subject) body.subject = subject;
      const accepted = await api('POST', '/events', body);
      fill(
        result,
        notice(
          'Accepted: ', h('code', { class: 'event-id' }, accepted.id || ''),
          '. Every endpoint subscribed to ', h('code', {}, body.type),
          ' gets it; see each one\'s attempts under ', h('a', { href: '#/endpoints' }, 'Endpoints'), '.',
        ),
      );
    } catch (error) {
      showFormError(form, error);
    }
  }
  fill(section, page('Send event', h('p', {}, 'The same call as POST /api/v1/events.'), form, result));
}
