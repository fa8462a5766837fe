// One endpoint: what it is, its health, and what can be done to it (test, rotate, disable,
// edit, delete).
import { h, fill } from '../dom.js';
import { api, session } from '../api.js';
import { page, badge, time, notice, actionButton, confirmButton, copyButton, secretOnce, showFormError } from '../ui.js';
import { endpointForm } from './endpoint-form.js';
import { deliveriesSection } from '../chart.js';

export async function endpointShow(section, id) {
  const [endpoint, health] = await Promise.all([
    api('GET', `/endpoints/${id}`),
    api('GET', `/endpoints/${id}/health`).catch(() => null),
  ]);
  const output = h('div', { class: 'output', 'aria-live': 'polite' });
  const reload = () => endpointShow(section, id);
  fill(
    section,
    page(
      endpoint.url || `${endpoint.type} ${endpoint.action}`,
      h('p', { class: 'links' },
        h('a', { href: `#/endpoints/${id}/attempts`, class: 'button' }, 'Attempts'),
        h('a', { href: `#/dead-letters?endpoint_id=${id}`, class: 'button' }, 'Dead letters')),
      facts(endpoint, health),
      h('div', { class: 'actions' },
        testForm(endpoint, output),
        confirmButton('Rotate secret', 'The old secret keeps signing for 24 h.', async () => {
          const rotated = await api('POST', `/endpoints/${id}/secret/rotate`);
          fill(output, secretOnce('New signing secret', rotated.secret));
        }),
        actionButton(endpoint.disabled ? 'Enable' : 'Disable', async () => {
          await api('PATCH', `/endpoints/${id}`, { disabled: !endpoint.disabled });
          await reload();
        }),
        session.role() === 'portal' ? null : actionButton('Customer portal link', async () => {
          const link = await api('POST', '/portal-sessions', { endpoint_ids: [id], expires_in: 'PT1H' });
          fill(output, notice(h('strong', {}, 'Portal link for this endpoint'), ` (works until ${new Date(link.expires_at).toLocaleString()}; embed it in your product)`,
            h('div', { class: 'secret' }, h('code', { class: 'portal-url' }, link.url), copyButton(link.url))));
        }),
        session.role() === 'portal' ? null : confirmButton('Delete', 'Delete this endpoint?', async () => {
          await api('DELETE', `/endpoints/${id}`);
          window.location.hash = '#/endpoints';
        })),
      output,
      session.role() === 'portal' ? null : deliveriesSection(id),
      h('details', { class: 'edit' }, h('summary', {}, 'Edit'), editForm(endpoint, reload)),
    ),
  );
}

function facts(e, health) {
  const row = (label, value) => [h('dt', {}, label), h('dd', {}, value ?? '—')];
  return h(
    'dl',
    { class: 'facts' },
    row('Id', h('code', {}, e.id)),
    row('Health', health ? [badge(health.status), health.consecutive_failures ? ` ${health.consecutive_failures} failures in a row` : ''] : null),
    row('Success rate (1 h)', health && health.success_rate_1h != null ? `${Math.round(health.success_rate_1h * 100)} %` : null),
    row('Last success', health ? time(health.last_success_at) : null),
    row('Description', h('span', { class: 'description' }, e.description || '')),
    row('Event types', (e.event_types || []).join(', ')),
    row('Rate limit', `${e.rate_limit_per_minute} per minute`),
    row('Filter', e.filter ? h('code', {}, e.filter) : null),
    row('Transform', e.transform ? h('code', {}, e.transform) : null),
    row('Headers', e.headers ? Object.keys(e.headers).join(', ') : null),
    row('Status', e.disabled ? badge('disabled') : 'enabled'),
    row('Created', time(e.created_at)),
  );
}

function testForm(endpoint, output) {
  const input = h('input', { name: 'test_event_type', 'aria-label': 'Event type to test', placeholder: 'event type (optional)' });
  return h(
    'span',
    { class: 'test' },
    input,
    actionButton('Send test event', async () => {
      const body = input.value.trim() ? { event_type: input.value.trim() } : {};
      const sent = await api('POST', `/endpoints/${endpoint.id}/test`, body);
      fill(output, notice(`Test event ${sent.event_type} sent as ${sent.webhook_id}. `,
        h('a', { href: `#/endpoints/${endpoint.id}/attempts` }, 'See its attempts')));
    }),
  );
}

function editForm(endpoint, reload) {
  return endpointForm(endpoint, 'Save changes', async (form, body) => {
    showFormError(form, null);
    try {
      await api('PATCH', `/endpoints/${endpoint.id}`, body);
      await reload();
    } catch (error) {
      showFormError(form, error);
    }
  });
}
