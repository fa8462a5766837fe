// Operator: the tenants, and a form to add one (its first API key is shown once).
import { h, fill } from '../dom.js';
import { api, query } from '../api.js';
import { page, table, time, secretOnce, field, showFormError } from '../ui.js';

export async function tenantList(section, params, created) {
  const result = await api('GET', `/tenants${query({ cursor: params.get('cursor') })}`);
  const form = h(
    'form',
    { class: 'inline', onsubmit: submit },
    field({ label: 'Name', name: 'name', required: true }),
    field({ label: 'Plan', name: 'plan', value: 'free', options: [['free', 'free'], ['pro', 'pro'], ['enterprise', 'enterprise']] }),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary' }, 'Add tenant'),
  );
  async function submit(event) {
    event.preventDefault();
    showFormError(form, null);
    try {
      const tenant = await api('POST', '/tenants', { name: form.elements.name.value, plan: form.elements.plan.value });
      await tenantList(section, params, tenant);
    } catch (error) {
      showFormError(form, error);
    }
  }
  fill(
    section,
    page(
      'Tenants',
      created ? secretOnce(`API key of ${created.name}`, created.api_key) : null,
      form,
      table(
        [
          ['Name', (t) => h('a', { href: `#/tenants/${t.id}` }, t.name)],
          ['Id', (t) => h('code', {}, t.id)],
          ['Plan', (t) => t.plan],
          ['Created', (t) => time(t.created_at)],
        ],
        result.data,
        (t) => ({ 'data-id': t.id }),
      ),
      result.next_cursor ? h('a', { href: `#/tenants${query({ cursor: result.next_cursor })}` }, 'Older →') : null,
    ),
  );
}
