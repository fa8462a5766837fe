// Dead letters: replay one, or every one of an endpoint (or of the tenant) in a time range.
import { h, fill } from '../dom.js';
import { api, query } from '../api.js';
import { page, table, time, notice, actionButton, field, showFormError } from '../ui.js';

export async function deadLetterList(section, params, message) {
  const endpointId = params.get('endpoint_id') || '';
  const result = await api('GET', `/dead-letters${query({ endpoint_id: endpointId, cursor: params.get('cursor') })}`);
  const output = h('div', { 'aria-live': 'polite' }, message ? notice(message) : null);
  const reload = (said) => deadLetterList(section, params, said);
  fill(
    section,
    page(
      endpointId ? `Dead letters of ${endpointId}` : 'Dead letters',
      endpointId ? h('p', {}, h('a', { href: `#/endpoints/${endpointId}` }, `← endpoint ${endpointId}`)) : null,
      bulkForm(endpointId, reload),
      output,
      table(
        [
          ['Died', (d) => time(d.dead_at)],
          ['Endpoint', (d) => h('a', { href: `#/endpoints/${d.endpoint_id}` }, d.endpoint_id)],
          ['Event type', (d) => d.event_type],
          ['Tries', (d) => d.attempts],
          ['Last answer', (d) => (d.last_status_code ? `HTTP ${d.last_status_code}` : d.last_error || '—')],
          ['Replay', (d) => (d.replayed_at
            ? ['replayed ', time(d.replayed_at)]
            : actionButton('Replay', async () => {
              await api('POST', `/dead-letters/${d.id}/replay`);
              await reload(`Dead letter ${d.id} sent again.`);
            }))],
        ],
        result.data,
        (d) => ({ 'data-id': d.id }),
      ),
      result.next_cursor
        ? h('a', { href: `#/dead-letters${query({ endpoint_id: endpointId, cursor: result.next_cursor })}` }, 'Older →')
        : null,
    ),
  );
}

function bulkForm(endpointId, reload) {
  const form = h(
    'form',
    { class: 'filters', onsubmit: submit },
    field({ label: 'Since', name: 'since', hint: 'RFC 3339; empty for all' }),
    field({ label: 'Until', name: 'until', hint: 'empty for now' }),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', id: 'replay-all' }, endpointId ? 'Replay all of this endpoint' : 'Replay all'),
  );
  async function submit(event) {
    event.preventDefault();
    showFormError(form, null);
    const body = { endpoint_id: endpointId || undefined };
    for (const name of ['since', 'until']) {
      if (form.elements[name].value.trim()) body[name] = form.elements[name].value.trim();
    }
    try {
      // one endpoint from a time on is that endpoint's recover, which a portal link may call too
      const answer = endpointId && !body.until
        ? await api('POST', `/endpoints/${endpointId}/recover`, { since: body.since })
        : await api('POST', '/dead-letters/replay', body);
      await reload(`${answer.replayed} dead letters sent again.`);
    } catch (error) {
      showFormError(form, error);
    }
  }
  return form;
}
