// Vendor connections: status, check, the OAuth connect button, delete, and the form that adds one.
// Each vendor name leads to the connection's page, where it is edited.
import { h, fill } from '../dom.js';
import { api, query } from '../api.js';
import { page, table, badge, time, notice, actionButton, confirmButton } from '../ui.js';
import { connectionForm } from './connection-form.js';

export async function connectionList(section, params, said) {
  const result = await api('GET', `/connections${query({ cursor: params.get('cursor') })}`);
  const reload = (message) => connectionList(section, new URLSearchParams(), message);
  fill(
    section,
    page(
      'Connections',
      said ? notice(said) : returned(params, result.data),
      table(
        [
          ['Vendor', (c) => h('a', { href: `#/connections/${c.id}` }, c.vendor)],
          ['Name', (c) => c.name || ''],
          ['Status', (c) => badge(c.status)],
          ['Last error', (c) => c.last_error || ''],
          ['Checked', (c) => time(c.checked_at)],
          ['', (c) => h('span', { class: 'row-actions' },
            c.authorize_url ? actionButton(c.status === 'connected' ? 'Connect again' : 'Connect', () => connect(c)) : null,
            actionButton('Check', async () => {
              const checked = await api('POST', `/connections/${c.id}/check`);
              await reload(`${c.vendor}: ${checked.status}`);
            }),
            confirmButton('Delete', 'Delete this connection and its syncs?', async () => {
              await api('DELETE', `/connections/${c.id}`);
              await reload(`Connection ${c.name || c.id} deleted.`);
            }))],
        ],
        result.data,
        (c) => ({ 'data-id': c.id }),
      ),
      h('p', {}, 'Syncs of these connections: ', h('a', { href: '#/syncs' }, 'Syncs'), '.'),
      result.next_cursor ? h('a', { href: `#/connections${query({ cursor: result.next_cursor })}` }, 'Older →') : null,
      connectionForm(async (created) => {
        if (created.authorize_url) await connect(created);
        else await reload(`Connection to ${created.vendor} created; check it to try the credentials.`);
      }),
    ),
  );
}

/**
 * The vendor's consent page: the API answers its URL to a call carrying the key, then the browser
 * goes there; the vendor's callback brings it back here with the outcome.
 */
async function connect(c) {
  const started = await api('POST', `/connections/${c.id}/authorize`, { return_to: '/console#/connections' });
  window.location.assign(started.authorize_url);
}

/** What the OAuth callback sent the browser back with. */
function returned(params, connections) {
  const id = params.get('connection');
  if (!id) return null;
  const c = connections.find((x) => x.id === id);
  const who = c ? c.vendor : id;
  return params.get('status') === 'connected'
    ? notice(`${who} connected.`)
    : h('p', { class: 'error', role: 'alert' }, `${who} was not connected${c && c.last_error ? `: ${c.last_error}` : '.'}`);
}
