// Vendor connections with their status and a check. (Creating one, and the OAuth connect step,
// are API calls for now: the authorize route redirects and needs the key, which a browser
// navigation cannot send.)
import { h, fill } from '../dom.js';
import { api, query } from '../api.js';
import { page, table, badge, time, actionButton } from '../ui.js';

export async function connectionList(section, params, said) {
  const result = await api('GET', `/connections${query({ cursor: params.get('cursor') })}`);
  const reload = (message) => connectionList(section, params, message);
  fill(
    section,
    page(
      'Connections',
      said ? h('div', { class: 'notice', role: 'status' }, said) : null,
      table(
        [
          ['Vendor', (c) => c.vendor],
          ['Name', (c) => c.name || ''],
          ['Status', (c) => badge(c.status)],
          ['Last error', (c) => c.last_error || ''],
          ['Checked', (c) => time(c.checked_at)],
          ['', (c) => actionButton('Check', async () => {
            const checked = await api('POST', `/connections/${c.id}/check`);
            await reload(`${c.vendor}: ${checked.status}`);
          })],
        ],
        result.data,
        (c) => ({ 'data-id': c.id }),
      ),
      h('p', {}, 'Syncs and their runs: GET /api/v1/connections/{id}/syncs and /api/v1/syncs/{id}/runs (a console page is still to come).'),
      result.next_cursor ? h('a', { href: `#/connections${query({ cursor: result.next_cursor })}` }, 'Older →') : null,
    ),
  );
}
