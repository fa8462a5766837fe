// One source: what it is, its ingest URL, and its field mapping.
import { h, fill } from '../dom.js';
import { api } from '../api.js';
import { page, badge, time, copyButton } from '../ui.js';
import { mappingSection } from './mapping.js';

export async function sourceShow(section, id) {
  const s = await api('GET', `/sources/${id}`);
  const url = new URL(s.ingest_url, window.location.origin).href;
  const row = (label, value) => [h('dt', {}, label), h('dd', {}, value ?? '—')];
  fill(
    section,
    page(
      s.name || s.id,
      h('p', {}, h('a', { href: '#/sources' }, '← sources')),
      h('dl', { class: 'facts' },
        row('Id', h('code', {}, s.id)),
        row('Type', s.type),
        row('Ingest URL', h('span', { class: 'ingest' }, h('code', {}, url), ' ', copyButton(url))),
        row('State', badge(s.enabled ? 'enabled' : 'disabled')),
        row('Signing secrets', String(s.secrets)),
        row('Settings', Object.keys(s.settings || {}).length ? h('code', {}, JSON.stringify(s.settings)) : null),
        row('Created', time(s.created_at))),
      await mappingSection(`/sources/${id}/mapping`),
    ),
  );
}
