// The endpoint form, for creating and for editing: the API checks everything and its 422 is
// shown at the field it names (a filter or transform that does not compile, a refused URL).
import { h } from '../dom.js';
import { field } from '../ui.js';

export function endpointForm(endpoint, submitLabel, onSubmit) {
  const e = endpoint || {};
  const form = h(
    'form',
    { class: 'endpoint-form', novalidate: true, onsubmit: (event) => { event.preventDefault(); onSubmit(form, body(form, e)); } },
    field({ label: 'URL', name: 'url', value: e.url, type: 'url', required: true, hint: 'Where Hookyard POSTs the signed webhooks.' }),
    field({ label: 'Description', name: 'description', value: e.description }),
    field({ label: 'Event types', name: 'event_types', value: (e.event_types || ['*']).join(', '), hint: 'Comma-separated names or patterns, such as invoice.*; * for all.' }),
    field({ label: 'Rate limit per minute', name: 'rate_limit_per_minute', value: e.rate_limit_per_minute ?? 100, type: 'number' }),
    field({ label: 'Retry schedule', name: 'retry_schedule', value: (e.retry_schedule || ['PT1M', 'PT5M', 'PT30M']).join(', '), hint: 'Delays between tries (ISO 8601, comma-separated); empty for no retries.' }),
    field({ label: 'Filter (JSONata, true to deliver)', name: 'filter', value: e.filter, multiline: true, hint: 'For example: data.amount > 100' }),
    field({ label: 'Transform (JSONata)', name: 'transform', value: e.transform, multiline: true }),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary' }, submitLabel),
  );
  return form;
}

function body(form, original) {
  const value = (name) => form.elements[name].value;
  const out = { url: value('url').trim(), description: value('description') };
  const types = value('event_types').split(',').map((t) => t.trim()).filter(Boolean);
  out.event_types = types.length ? types : ['*'];
  const rate = value('rate_limit_per_minute').trim();
  if (rate) out.rate_limit_per_minute = /^\d+$/.test(rate) ? Number(rate) : rate;
  out.retry_schedule = value('retry_schedule').split(',').map((d) => d.trim()).filter(Boolean);
  for (const name of ['filter', 'transform']) {
    if (value(name).trim() || original[name]) out[name] = value(name);
  }
  return out;
}
