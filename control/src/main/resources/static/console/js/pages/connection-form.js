// The form that adds a connection: the vendor, then the kind of credentials it takes and their
// fields, and its settings. The API checks everything; its 422 shows at the field it names.
import { h, fill } from '../dom.js';
import { api } from '../api.js';
import { field, jsonObject, showFormError } from '../ui.js';

const OAUTH = ['client_id', 'client_secret', 'scope'];
export const KINDS = {
  oauth2: ['OAuth 2.0 (connect in the browser)', OAUTH],
  client_credentials: ['Client credentials', OAUTH],
  token: ['Access token', ['access_token']],
  basic: ['User name and password', ['username', 'password']],
  jira: ['Email and API token', ['email', 'api_token']],
  webhook_url: ['Workflow URL', ['webhook_url']],
};
/** What each vendor takes, as the API's vendor list says, and the settings it needs. */
export const VENDORS = {
  hubspot: [['oauth2', 'token'], ''],
  salesforce: [['oauth2'], ''],
  'exact-online': [['oauth2'], '{"division": 123}'],
  dynamics365: [['client_credentials'], '{"org_url": "https://contoso.crm4.dynamics.com", "tenant_id": "…"}'],
  'ms-graph': [['client_credentials'], '{"tenant_id": "…"}'],
  pipedrive: [['token'], '{"company_domain": "acme"}'],
  'sap-odata': [['basic', 'client_credentials'], '{"service_url": "https://…/sap/opu/odata/sap/…", "version": "v2"}'],
  jira: [['jira', 'oauth2'], '{"site_url": "https://acme.atlassian.net"}'],
  slack: [['token'], ''],
  teams: [['webhook_url'], ''],
  http: [['client_credentials', 'token'], '{"token_url": "https://…"} for client credentials'],
};
export const SECRET = new Set(['client_secret', 'access_token', 'password', 'api_token', 'webhook_url']);

export function connectionForm(onCreated) {
  const authFields = h('div', { class: 'auth-fields' });
  const kindSlot = h('div');
  const settingsHint = h('small');
  const form = h(
    'form',
    { class: 'connection-form', novalidate: true, onsubmit: submit },
    h('h2', {}, 'Add a connection'),
    field({ label: 'Vendor', name: 'vendor', value: 'hubspot', options: Object.keys(VENDORS).map((v) => [v, v]) }),
    field({ label: 'Name', name: 'name' }),
    kindSlot,
    authFields,
    field({ label: 'Settings (JSON)', name: 'settings', multiline: true }),
    settingsHint,
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary' }, 'Create connection'),
  );
  const showAuth = () =>
    fill(authFields, KINDS[form.elements.kind.value][1].map((name) => field({
      label: name === 'scope' ? 'scope (optional)' : name,
      name: `auth.${name}`,
      type: SECRET.has(name) ? 'password' : 'text',
    })));
  const showVendor = () => {
    const [kinds, settings] = VENDORS[form.elements.vendor.value];
    fill(kindSlot, field({ label: 'Credentials', name: 'kind', value: kinds[0], options: kinds.map((k) => [k, KINDS[k][0]]) }));
    form.elements.kind.addEventListener('change', showAuth);
    fill(settingsHint, settings ? `Needs settings such as ${settings}` : 'No settings needed.');
    showAuth();
  };
  form.elements.vendor.addEventListener('change', showVendor);
  showVendor();

  async function submit(event) {
    event.preventDefault();
    showFormError(form, null);
    const auth = {};
    for (const name of KINDS[form.elements.kind.value][1]) {
      const value = form.elements[`auth.${name}`].value;
      if (value.trim()) auth[name] = value.trim();
    }
    try {
      const body = { vendor: form.elements.vendor.value, auth, settings: jsonObject(form, 'settings') };
      if (form.elements.name.value.trim()) body.name = form.elements.name.value.trim();
      await onCreated(await api('POST', '/connections', body));
    } catch (error) {
      showFormError(form, error);
    }
  }
  return form;
}
