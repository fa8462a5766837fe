// Inbound sources with the URL a vendor posts to, ready to copy.
import { h, fill } from '../dom.js';
import { api, query } from '../api.js';
import { page, table, badge, time, copyButton } from '../ui.js';

export async function sourceList(section, params) {
  const result = await api('GET', `/sources${query({ cursor: params.get('cursor') })}`);
  fill(
    section,
    page(
      'Sources',
      h('p', {}, 'Give each vendor its ingest URL; Hookyard verifies every request the way that vendor signs.'),
      table(
        [
          ['Name', (s) => s.name || s.id],
          ['Type', (s) => s.type],
          ['Ingest URL', (s) => {
            const url = new URL(s.ingest_url, window.location.origin).href;
            return h('span', { class: 'ingest' }, h('code', {}, url), ' ', copyButton(url));
          }],
          ['State', (s) => badge(s.enabled ? 'enabled' : 'disabled')],
          ['Created', (s) => time(s.created_at)],
        ],
        result.data,
        (s) => ({ 'data-id': s.id }),
      ),
      result.next_cursor ? h('a', { href: `#/sources${query({ cursor: result.next_cursor })}` }, 'Older →') : null,
    ),
  );
}
