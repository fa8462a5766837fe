// The form that changes a sync's schedule: what PATCH /syncs/{id} takes besides pausing (the
// entity, connection and settings are fixed: a different one is a new sync). The API's 422 shows
// at the field it names.
import { h } from '../dom.js';
import { api } from '../api.js';
import { field, showFormError } from '../ui.js';

export function syncEditForm(s, reload) {
  const form = h(
    'form',
    { class: 'sync-edit', novalidate: true, onsubmit: submit },
    field({ label: 'Interval', name: 'interval', value: s.interval, hint: 'Between runs, ISO 8601: PT10S at least.' }),
    field({ label: 'Full resync', name: 'full_resync', value: s.full_resync, hint: 'How often it lists everything: PT30S at least.' }),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary' }, 'Save changes'),
  );
  async function submit(event) {
    event.preventDefault();
    showFormError(form, null);
    const body = {};
    for (const name of ['interval', 'full_resync']) {
      const value = form.elements[name].value.trim();
      if (value !== (s[name] || '')) body[name] = value;
    }
    try {
      if (Object.keys(body).length) await api('PATCH', `/syncs/${s.id}`, body);
      await reload('Sync saved.');
    } catch (error) {
      showFormError(form, error);
    }
  }
  return form;
}
