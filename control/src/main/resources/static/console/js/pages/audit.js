// The audit log: who changed what, newest first.
import { h, fill } from '../dom.js';
import { api, query } from '../api.js';
import { page, table, time } from '../ui.js';

export async function auditPage(section, params) {
  const result = await api('GET', `/audit${query({ cursor: params.get('cursor') })}`);
  fill(
    section,
    page(
      'Audit log',
      table(
        [
          ['When', (e) => time(e.created_at)],
          ['Who', (e) => h('code', {}, e.actor)],
          ['What', (e) => e.action],
          ['Target', (e) => h('code', {}, e.target_id || '')],
        ],
        result.data,
        (e) => ({ 'data-id': e.id }),
      ),
      result.next_cursor ? h('a', { href: `#/audit${query({ cursor: result.next_cursor })}` }, 'Older →') : null,
    ),
  );
}
