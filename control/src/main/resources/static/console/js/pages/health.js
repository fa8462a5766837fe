// Operator: every tenant's integrations at a glance, tenants that need attention first.
import { h, fill } from '../dom.js';
import { api, query } from '../api.js';
import { page, table, badge } from '../ui.js';

export async function healthPage(section, params) {
  const result = await api('GET', `/integration-health${query({ cursor: params.get('cursor') })}`);
  const tenants = [...result.data].sort((a, b) => (a.status === b.status ? 0 : a.status === 'attention' ? -1 : 1));
  const attention = tenants.filter((t) => t.status === 'attention').length;
  fill(
    section,
    page(
      'Integration health',
      h('p', { class: 'summary' }, `${attention} of ${tenants.length} tenants need attention.`,
        h('button', { type: 'button', id: 'refresh', onclick: () => healthPage(section, params) }, 'Refresh')),
      tenants.map(card),
      result.next_cursor ? h('a', { href: `#/health${query({ cursor: result.next_cursor })}` }, 'More tenants →') : null,
    ),
  );
}

function counted(n, noun) {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function card(t) {
  return h(
    'article',
    { class: `tenant-health ${t.status}`, 'data-id': t.tenant_id },
    h('h2', {}, t.name, ' ', badge(t.status)),
    h('p', {}, `${counted(t.endpoints, 'endpoint')} · ${counted(t.dead_letters, 'dead letter')} waiting`),
    t.problems.length
      ? table(
        [
          ['What', (p) => `${p.kind} ${p.id}`],
          ['Status', (p) => badge(p.status)],
          ['Target', (p) => p.detail || ''],
          ['Last error', (p) => p.last_error || ''],
          ['In a row', (p) => p.failures ?? ''],
        ],
        t.problems,
        (p) => ({ 'data-id': p.id }),
      )
      : null,
  );
}
