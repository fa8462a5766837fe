// One connection: what it is, its status, and the form that changes it.
import { h, fill } from '../dom.js';
import { api } from '../api.js';
import { page, badge, time, notice } from '../ui.js';
import { connectionEditForm } from './connection-edit.js';

export async function connectionShow(section, id, params, said) {
  const c = await api('GET', `/connections/${id}`);
  const reload = (message) => connectionShow(section, id, params, message);
  const row = (label, value) => [h('dt', {}, label), h('dd', {}, value ?? '—')];
  fill(
    section,
    page(
      c.name && c.name !== c.vendor ? `${c.vendor} (${c.name})` : c.vendor,
      h('p', {}, h('a', { href: '#/connections' }, '← connections')),
      said ? notice(said) : null,
      h('dl', { class: 'facts' },
        row('Id', h('code', {}, c.id)),
        row('Vendor', c.vendor),
        row('Credentials', `${c.auth_type} (set, never shown)`),
        row('Status', badge(c.status)),
        row('Last error', c.last_error),
        row('Checked', time(c.checked_at)),
        row('Settings', Object.keys(c.settings || {}).length ? h('code', {}, JSON.stringify(c.settings)) : null),
        row('Updated', time(c.updated_at))),
      h('h2', {}, 'Edit'),
      connectionEditForm(c, reload),
    ),
  );
}
