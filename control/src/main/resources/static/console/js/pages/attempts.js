// An endpoint's attempt log with the contract's filters; each attempt opens to its request and
// the endpoint's answer (first 1 KiB, as text).
import { h, fill } from '../dom.js';
import { api, query } from '../api.js';
import { page, table, badge, time, field, showFormError, errorBox } from '../ui.js';

const FILTERS = ['status', 'event_type', 'since', 'until'];

export async function attemptList(section, id, params) {
  const filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) || '']));
  const form = h(
    'form',
    { class: 'filters', onsubmit: (event) => { event.preventDefault(); go(id, form, null); } },
    field({ label: 'Status', name: 'status', value: filters.status, options: [['', 'all'], ['succeeded', 'succeeded'], ['failed', 'failed']] }),
    field({ label: 'Event type', name: 'event_type', value: filters.event_type }),
    field({ label: 'Since', name: 'since', value: filters.since, hint: 'RFC 3339, such as 2026-01-31T12:00:00Z' }),
    field({ label: 'Until', name: 'until', value: filters.until }),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit' }, 'Filter'),
    h('button', { type: 'button', id: 'refresh', onclick: () => attemptList(section, id, params) }, 'Refresh'),
  );
  const list = h('div', { class: 'attempts' });
  fill(
    section,
    page(
      'Attempts',
      h('p', {}, h('a', { href: `#/endpoints/${id}` }, `← endpoint ${id}`)),
      form,
      list,
    ),
  );
  let result;
  try {
    result = await api('GET', `/endpoints/${id}/attempts${query({ ...filters, cursor: params.get('cursor') })}`);
  } catch (error) {
    if (error.status === 422 || error.status === 400) {
      showFormError(form, error);
      return;
    }
    fill(list, errorBox(error));
    return;
  }
  fill(
    list,
    table(
      [
        ['When', (a) => time(a.created_at)],
        ['Event type', (a) => a.event_type],
        ['Try', (a) => a.attempt],
        ['Outcome', (a) => badge(a.status)],
        ['HTTP', (a) => a.status_code ?? '—'],
        ['Time', (a) => `${a.response_time_ms} ms`],
        ['Request and answer', (a) => detail(a)],
      ],
      result.data,
      (a) => ({ 'data-id': a.id, class: `attempt ${a.status}` }),
    ),
    result.next_cursor ? h('button', { type: 'button', onclick: () => go(id, form, result.next_cursor) }, 'Older attempts →') : null,
  );
}

function go(id, form, cursor) {
  const values = Object.fromEntries(FILTERS.map((name) => [name, form.elements[name].value.trim()]));
  window.location.hash = `#/endpoints/${id}/attempts${query({ ...values, cursor })}`;
}

function detail(a) {
  const row = (label, value) => [h('dt', {}, label), h('dd', {}, value ?? '—')];
  return h(
    'details',
    {},
    h('summary', {}, a.error || (a.status_code ? `HTTP ${a.status_code}` : 'details')),
    h(
      'dl',
      { class: 'facts' },
      row('Request', `POST with webhook-id ${a.webhook_id}`),
      row('Event', h('code', {}, a.event_id)),
      row('Error', a.error),
      row('Next try', a.next_attempt_at ? time(a.next_attempt_at) : null),
      row('Vendor object', a.vendor_object_id),
      row('Answer (first 1 KiB)', a.response_body ? h('pre', { class: 'body' }, a.response_body) : null),
    ),
  );
}
