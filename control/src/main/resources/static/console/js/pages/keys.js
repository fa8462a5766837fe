// The tenant's API keys: create (the key is shown once) and revoke.
import { h, fill } from '../dom.js';
import { api, query } from '../api.js';
import { page, table, time, confirmButton, secretOnce, field, showFormError } from '../ui.js';

export async function keyList(section, params, created) {
  const result = await api('GET', `/api-keys${query({ cursor: params.get('cursor') })}`);
  const reload = (key) => keyList(section, params, key);
  const form = h(
    'form',
    { class: 'inline', onsubmit: submit },
    field({ label: 'Name of a new key', name: 'name' }),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary' }, 'Create key'),
  );
  async function submit(event) {
    event.preventDefault();
    showFormError(form, null);
    try {
      const key = await api('POST', '/api-keys', { name: form.elements.name.value.trim() || undefined });
      await reload(key.api_key);
    } catch (error) {
      showFormError(form, error);
    }
  }
  fill(
    section,
    page(
      'API keys',
      created ? secretOnce('New API key', created) : null,
      form,
      table(
        [
          ['Id', (k) => h('code', {}, k.id)],
          ['Name', (k) => k.name || ''],
          ['Created', (k) => time(k.created_at)],
          ['', (k) => confirmButton('Revoke', 'Revoke this key? Calls with it fail at once.', async () => {
            await api('DELETE', `/api-keys/${k.id}`);
            await reload();
          })],
        ],
        result.data,
        (k) => ({ 'data-id': k.id }),
      ),
      result.next_cursor ? h('a', { href: `#/api-keys${query({ cursor: result.next_cursor })}` }, 'Older →') : null,
    ),
  );
}
