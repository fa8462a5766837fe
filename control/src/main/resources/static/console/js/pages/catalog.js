// The event catalog: each type with its description, JSON Schema and an example payload.
import { h, fill } from '../dom.js';
import { api } from '../api.js';
import { page, badge } from '../ui.js';

export async function catalogPage(section) {
  const result = await api('GET', '/event-types');
  fill(
    section,
    page(
      'Event catalog',
      h('p', {}, 'What endpoints can subscribe to: built-in types and your own.'),
      result.data.map((t) => h(
        'details',
        { class: 'event-type', 'data-id': t.name },
        h('summary', {}, h('code', {}, t.name), ' ', t.built_in ? null : badge('own'), ' ', t.description || ''),
        h('div', { class: 'schema' },
          h('h3', {}, 'Example'),
          h('pre', { class: 'body' }, t.example == null ? '—' : JSON.stringify(t.example, null, 2)),
          h('h3', {}, 'Schema'),
          h('pre', { class: 'body' }, JSON.stringify(t.schema, null, 2))),
      )),
    ),
  );
}
