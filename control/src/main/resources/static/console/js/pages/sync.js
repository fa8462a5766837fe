// One sync: what it is, what can be done to it (pause, run, edit its schedule, its field
// mapping), and its runs, newest first.
import { h, fill } from '../dom.js';
import { api, query } from '../api.js';
import { page, table, badge, time, notice, actionButton, confirmButton } from '../ui.js';
import { syncEditForm } from './sync-edit.js';
import { mappingSection } from './mapping.js';

/** Pause or resume, run now and delete, as PATCH, POST …/run and DELETE /syncs/{id} do. */
export function syncActions(s, reload, gone) {
  return h('span', { class: 'sync-actions' },
    actionButton(s.paused ? 'Resume' : 'Pause', async () => {
      await api('PATCH', `/syncs/${s.id}`, { paused: !s.paused });
      await reload(s.paused ? 'Sync resumed.' : 'Sync paused.');
    }),
    s.paused ? null : actionButton('Run now', async () => {
      await api('POST', `/syncs/${s.id}/run`);
      await reload('Run requested: it starts within seconds unless one is under way.');
    }),
    confirmButton('Delete', 'Delete this sync? Its position is lost.', async () => {
      await api('DELETE', `/syncs/${s.id}`);
      await gone();
    }));
}

export async function syncShow(section, id, params, said) {
  const [s, runs, mapping] = await Promise.all([
    api('GET', `/syncs/${id}`),
    api('GET', `/syncs/${id}/runs${query({ cursor: params.get('cursor') })}`),
    mappingSection(`/syncs/${id}/mapping`),
  ]);
  const reload = (message) => syncShow(section, id, params, message);
  const row = (label, value) => [h('dt', {}, label), h('dd', {}, value ?? '—')];
  fill(
    section,
    page(
      `${s.vendor} ${s.entity}`,
      h('p', {}, h('a', { href: '#/syncs' }, '← syncs')),
      said ? notice(said) : null,
      h('dl', { class: 'facts' },
        row('Id', h('code', {}, s.id)),
        row('Status', badge(s.status)),
        row('Connection', h('code', {}, s.connection_id)),
        row('Interval', s.interval),
        row('Full resync', s.full_resync),
        row('Last run', time(s.last_run_at)),
        row('Next run', s.paused ? null : time(s.next_run_at)),
        row('Records', String(s.records)),
        row('Failed runs', String(s.errors)),
        row('Last error', s.last_error),
        row('Settings', Object.keys(s.settings || {}).length ? h('code', {}, JSON.stringify(s.settings)) : null)),
      h('div', { class: 'actions' },
        syncActions(s, reload, () => { window.location.hash = '#/syncs'; }),
        h('button', { type: 'button', onclick: () => reload() }, 'Refresh')),
      h('details', { class: 'edit' }, h('summary', {}, 'Edit'), syncEditForm(s, reload)),
      mapping,
      h('h2', {}, 'Runs'),
      table(
        [
          ['Started', (r) => time(r.started_at)],
          ['Finished', (r) => time(r.finished_at)],
          ['Status', (r) => badge(r.status)],
          ['Kind', (r) => r.kind],
          ['Records', (r) => String(r.records)],
          ['Requests', (r) => String(r.requests)],
          ['Error', (r) => r.error || ''],
        ],
        runs.data,
        (r) => ({ 'data-id': r.id, class: `run ${r.status}` }),
      ),
      runs.next_cursor ? h('a', { href: `#/syncs/${id}${query({ cursor: runs.next_cursor })}` }, 'Older runs →') : null,
    ),
  );
}
