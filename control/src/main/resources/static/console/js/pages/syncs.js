// The tenant's syncs across its connections: status, last and next run, records, the last error,
// what can be done to each, and a form that makes one on a connection.
import { h, fill } from '../dom.js';
import { api, query } from '../api.js';
import { page, table, badge, time, notice, field, jsonObject, showFormError } from '../ui.js';
import { syncActions } from './sync.js';

export async function syncList(section, params, said) {
  const [result, connections] = await Promise.all([
    api('GET', `/syncs${query({ cursor: params.get('cursor') })}`),
    api('GET', '/connections?limit=500'),
  ]);
  const vendorOf = Object.fromEntries(connections.data.map((c) => [c.id, `${c.vendor}${c.name && c.name !== c.vendor ? ` (${c.name})` : ''}`]));
  const reload = (message) => syncList(section, params, message);
  fill(
    section,
    page(
      'Syncs',
      h('p', {}, 'Each sync polls a connected vendor for changes and reports them as catalog events.'),
      said ? notice(said) : null,
      table(
        [
          ['Sync', (s) => h('a', { href: `#/syncs/${s.id}` }, `${s.vendor} ${s.entity}`)],
          ['Connection', (s) => vendorOf[s.connection_id] || s.connection_id],
          ['Status', (s) => badge(s.status)],
          ['Last run', (s) => time(s.last_run_at)],
          ['Next run', (s) => (s.paused ? '—' : time(s.next_run_at))],
          ['Records', (s) => String(s.records)],
          ['Last error', (s) => s.last_error || ''],
          ['', (s) => syncActions(s, reload, () => reload('Sync deleted.'))],
        ],
        result.data,
        (s) => ({ 'data-id': s.id, class: `sync ${s.status}` }),
      ),
      result.next_cursor ? h('a', { href: `#/syncs${query({ cursor: result.next_cursor })}` }, 'More syncs →') : null,
      createForm(connections.data, reload),
    ),
  );
}

function createForm(connections, reload) {
  if (!connections.length) {
    return h('p', {}, 'Add a connection first: ', h('a', { href: '#/connections' }, 'Connections'), '.');
  }
  const form = h(
    'form',
    { class: 'sync-form', novalidate: true, onsubmit: submit },
    h('h2', {}, 'Add a sync'),
    field({ label: 'Connection', name: 'connection_id', options: connections.map((c) => [c.id, `${c.vendor} ${c.name || ''} (${c.id})`]) }),
    field({ label: 'Entity', name: 'entity', required: true, hint: 'What to sync, such as contacts (HubSpot), Account (Salesforce) or an OData entity set.' }),
    field({ label: 'Interval', name: 'interval', value: 'PT15M', hint: 'Between runs, ISO 8601: PT10S at least.' }),
    field({ label: 'Full resync', name: 'full_resync', value: 'P7D', hint: 'How often it lists everything: PT30S at least.' }),
    field({ label: 'Since', name: 'since', hint: 'Empty: changes from now on. 1970-01-01T00:00:00Z: everything, as an initial load.' }),
    field({ label: 'Settings (JSON)', name: 'settings', multiline: true, hint: 'Plain values for the vendor, e.g. SAP OData: {"key": "ID", "modified_field": "ChangedAt"}.' }),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary' }, 'Create sync'),
  );
  async function submit(event) {
    event.preventDefault();
    showFormError(form, null);
    const value = (name) => form.elements[name].value.trim();
    try {
      const body = { entity: value('entity'), settings: jsonObject(form, 'settings') };
      for (const name of ['interval', 'full_resync', 'since']) if (value(name)) body[name] = value(name);
      const created = await api('POST', `/connections/${value('connection_id')}/syncs`, body);
      await reload(`Sync ${created.id} created: ${created.entity} every ${created.interval}.`);
    } catch (error) {
      showFormError(form, error);
    }
  }
  return form;
}
