// The tenant's endpoints: the list with each one's health at a glance, and the create form.
import { h, fill } from '../dom.js';
import { api, query, session } from '../api.js';
import { page, table, badge, time, secretOnce, showFormError } from '../ui.js';
import { endpointForm } from './endpoint-form.js';
import { deliveriesSection } from '../chart.js';

export async function endpointList(section, params) {
  const cursor = params.get('cursor');
  const result = await api('GET', `/endpoints${query({ cursor })}`);
  fill(
    section,
    page(
      'Endpoints',
      h('p', {}, h('a', { href: '#/endpoints/new', class: 'button primary' }, 'Add endpoint')),
      table(
        [
          ['URL', (e) => h('a', { href: `#/endpoints/${e.id}` }, e.url || `${e.type} ${e.action}`)],
          ['Description', (e) => h('span', { class: 'description' }, e.description || '')],
          ['Event types', (e) => (e.event_types || []).join(', ')],
          ['Health', (e) => health(e)],
          ['Created', (e) => time(e.created_at)],
        ],
        result.data,
        (e) => ({ 'data-id': e.id }),
      ),
      result.next_cursor ? h('a', { href: `#/endpoints?cursor=${encodeURIComponent(result.next_cursor)}` }, 'Older endpoints →') : null,
      session.role() === 'portal' ? null : deliveriesSection(null),
    ),
  );
}

function health(endpoint) {
  const cell = h('span', { class: 'health' }, endpoint.disabled ? badge('disabled') : '…');
  if (!endpoint.disabled) {
    api('GET', `/endpoints/${endpoint.id}/health`)
      .then((hl) => fill(cell, badge(hl.status)))
      .catch(() => fill(cell, '?'));
  }
  return cell;
}

export function endpointCreate(section) {
  const result = h('div');
  const form = endpointForm(null, 'Create endpoint', async (f, body) => {
    showFormError(f, null);
    try {
      const created = await api('POST', '/endpoints', body);
      fill(
        result,
        secretOnce('Signing secret', created.secret),
        h('p', {}, h('a', { href: `#/endpoints/${created.id}`, class: 'button' }, 'Open the endpoint')),
      );
      f.remove();
    } catch (error) {
      showFormError(f, error);
    }
  });
  fill(section, page('Add endpoint', result, form));
  form.elements.url.focus();
}
