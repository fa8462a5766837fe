// Inbound sources with the URL a vendor posts to, ready to copy; a form adds one, and one can go.
// Each name leads to the source's page with its field mapping.
import { h, fill } from '../dom.js';
import { api, query } from '../api.js';
import { page, table, badge, time, copyButton, notice, field, jsonObject, showFormError, confirmButton } from '../ui.js';

const TYPES = ['standard-webhooks', 'hmac', 'stripe', 'github', 'shopify', 'hubspot', 'slack', 'ms-graph',
  'dynamics365', 'salesforce', 'pipedrive', 'exact-online', 'zendesk', 'jira', 'twilio'];

export async function sourceList(section, params, said) {
  const result = await api('GET', `/sources${query({ cursor: params.get('cursor') })}`);
  const reload = (message) => sourceList(section, params, message);
  fill(
    section,
    page(
      'Sources',
      h('p', {}, 'Give each vendor its ingest URL; Hookyard verifies every request the way that vendor signs.'),
      said ? notice(said) : null,
      table(
        [
          ['Name', (s) => h('a', { href: `#/sources/${s.id}` }, s.name || s.id)],
          ['Type', (s) => s.type],
          ['Ingest URL', (s) => {
            const url = new URL(s.ingest_url, window.location.origin).href;
            return h('span', { class: 'ingest' }, h('code', {}, url), ' ', copyButton(url));
          }],
          ['State', (s) => badge(s.enabled ? 'enabled' : 'disabled')],
          ['Created', (s) => time(s.created_at)],
          ['', (s) => confirmButton('Delete', 'Delete this source? Its URL answers 404 at once.', async () => {
            await api('DELETE', `/sources/${s.id}`);
            await reload(`Source ${s.name || s.id} deleted.`);
          })],
        ],
        result.data,
        (s) => ({ 'data-id': s.id }),
      ),
      result.next_cursor ? h('a', { href: `#/sources${query({ cursor: result.next_cursor })}` }, 'Older →') : null,
      createForm(reload),
    ),
  );
}

function createForm(reload) {
  const form = h(
    'form',
    { class: 'source-form', novalidate: true, onsubmit: submit },
    h('h2', {}, 'Add a source'),
    field({ label: 'Type', name: 'type', value: 'standard-webhooks', options: TYPES.map((t) => [t, t]) }),
    field({ label: 'Name', name: 'name', required: true }),
    field({ label: 'Signing secret', name: 'secret', type: 'password', hint: 'The secret the vendor signs with (Pipedrive: the password). Not needed for Salesforce. Never shown again.' }),
    field({ label: 'Settings (JSON)', name: 'settings', multiline: true, hint: 'Text values the type reads, e.g. hmac {"header": "X-Signature", "algorithm": "sha256"}; salesforce {"organization_id": "00D…"}.' }),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary' }, 'Create source'),
  );
  async function submit(event) {
    event.preventDefault();
    showFormError(form, null);
    const value = (name) => form.elements[name].value;
    try {
      const body = { type: value('type'), name: value('name').trim(), settings: jsonObject(form, 'settings') };
      if (value('secret')) body.secret = value('secret');
      const created = await api('POST', '/sources', body);
      await reload(`Source ${created.name} created: give the vendor ${new URL(created.ingest_url, window.location.origin).href}`);
    } catch (error) {
      showFormError(form, error);
    }
  }
  return form;
}
