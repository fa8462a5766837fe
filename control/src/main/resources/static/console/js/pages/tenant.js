// Operator: one tenant's plan, API rate limit and integration switches (PATCH /tenants/{id}).
import { h, fill } from '../dom.js';
import { api } from '../api.js';
import { page, field, notice, showFormError } from '../ui.js';

const VENDORS = ['hubspot', 'salesforce', 'dynamics365', 'ms-graph', 'exact-online', 'pipedrive',
  'sap-odata', 'stripe', 'github', 'shopify', 'slack', 'teams', 'jira', 'zendesk', 'twilio', 'http'];

export async function tenantShow(section, id, params, said) {
  const t = await api('GET', `/tenants/${id}`);
  const switches = h('fieldset', { class: 'switches' }, h('legend', {}, 'Integrations'),
    VENDORS.map((vendor) => h('label', {},
      h('input', { type: 'checkbox', name: `integration-${vendor}`, checked: t.integrations[vendor] !== false }), ` ${vendor}`)));
  const form = h(
    'form',
    { onsubmit: submit },
    field({ label: 'Name', name: 'name', value: t.name }),
    field({ label: 'Plan', name: 'plan', value: t.plan, options: [['free', 'free'], ['pro', 'pro'], ['enterprise', 'enterprise']] }),
    field({ label: 'API rate limit per minute', name: 'api_rate_limit_per_minute', type: 'number', value: t.api_rate_limit_per_minute ?? '', hint: `Empty: the plan's (now ${t.effective_rate_limit_per_minute}).` }),
    switches,
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary' }, 'Save tenant'),
  );
  async function submit(event) {
    event.preventDefault();
    showFormError(form, null);
    const limit = form.elements.api_rate_limit_per_minute.value.trim();
    const integrations = Object.fromEntries(VENDORS.map((v) => [v, form.elements[`integration-${v}`].checked]));
    try {
      await api('PATCH', `/tenants/${id}`, {
        name: form.elements.name.value,
        plan: form.elements.plan.value,
        api_rate_limit_per_minute: limit === '' ? null : Number(limit),
        integrations,
      });
      await tenantShow(section, id, params, 'Saved.');
    } catch (error) {
      showFormError(form, error);
    }
  }
  fill(section, page(t.name, h('p', {}, h('a', { href: '#/tenants' }, '← tenants'), ' ', h('code', {}, t.id)),
    said ? notice(said) : null, form));
}
