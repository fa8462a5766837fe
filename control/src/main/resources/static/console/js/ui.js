// Widgets every page uses, all built with h() so data renders as text.
import { h, fill } from './dom.js';

export function page(title, ...children) {
  return h('section', { class: 'page' }, h('h1', {}, title), ...children);
}

/** A table that scrolls sideways on a narrow screen. columns: [[label, row => cell], …]. */
export function table(columns, rows, rowProps = () => ({})) {
  if (!rows.length) return h('p', { class: 'empty' }, 'Nothing here yet.');
  return h(
    'div',
    { class: 'scroll' },
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, columns.map(([label]) => h('th', { scope: 'col' }, label)))),
      h('tbody', {}, rows.map((row) => h('tr', rowProps(row), columns.map(([, cell]) => h('td', {}, cell(row)))))),
    ),
  );
}

export function badge(status) {
  return h('span', { class: `badge ${String(status).replace(/[^a-z_]/g, '')}` }, status);
}

export function time(iso) {
  if (!iso) return '—';
  return h('time', { datetime: iso, title: iso }, new Date(iso).toLocaleString());
}

export function errorBox(error) {
  return h('p', { class: 'error', role: 'alert' }, error.message || String(error));
}

export function notice(...children) {
  return h('div', { class: 'notice', role: 'status' }, ...children);
}

/** A labelled input with a slot for the API's error about that field. */
export function field({ label, name, value, type = 'text', hint, multiline, required, options }) {
  const id = `f-${name}`;
  const described = `${id}-error`;
  const common = { id, name, 'aria-describedby': described, required };
  let input;
  if (multiline) {
    input = h('textarea', { ...common, rows: 3, spellcheck: 'false' });
    input.value = value ?? '';
  } else if (options) {
    input = h('select', common, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)));
  } else {
    input = h('input', { ...common, type, value: value ?? '', autocomplete: 'off' });
  }
  return h(
    'div',
    { class: 'field', 'data-field': name },
    h('label', { for: id }, label),
    input,
    hint ? h('small', {}, hint) : null,
    h('p', { class: 'field-error', id: described, role: 'alert' }),
  );
}

/**
 * Shows an API error where it belongs: at the field the 422 names (event_types[1] is the
 * event_types field), else above the form's buttons.
 */
export function showFormError(form, error) {
  form.querySelectorAll('.field-error').forEach((slot) => fill(slot));
  form.querySelectorAll('[aria-invalid]').forEach((input) => input.removeAttribute('aria-invalid'));
  const general = form.querySelector('.form-error');
  if (general) fill(general);
  if (!error) return;
  const name = error.field ? String(error.field).replace(/\[.*$/, '') : null;
  // settings.division has no field of its own: it belongs to the settings field
  const slot = name && (form.querySelector(`.field[data-field="${CSS.escape(name)}"]`)
    || form.querySelector(`.field[data-field="${CSS.escape(name.split('.')[0])}"]`));
  if (slot) {
    fill(slot.querySelector('.field-error'), error.message);
    const input = slot.querySelector('input, textarea, select');
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  } else if (general) {
    fill(general, error.message);
  }
}

/** A button that runs an async action once at a time and shows its failure next to itself. */
export function actionButton(label, action, props = {}) {
  const out = h('span', { class: 'action-error', role: 'alert' });
  const button = h('button', {
    type: 'button',
    ...props,
    onclick: async () => {
      button.disabled = true;
      fill(out);
      try {
        await action();
      } catch (error) {
        fill(out, error.message);
      } finally {
        button.disabled = false;
      }
    },
  }, label);
  return h('span', { class: 'action' }, button, out);
}

/** Two steps for what cannot be undone: the first click asks, the second does it. */
export function confirmButton(label, question, action) {
  const holder = h('span', { class: 'confirm' });
  const ask = () =>
    fill(
      holder,
      h('span', {}, question, ' '),
      actionButton(`Yes, ${label.toLowerCase()}`, action, { class: 'danger' }),
      h('button', { type: 'button', onclick: reset }, 'Cancel'),
    );
  const reset = () => fill(holder, h('button', { type: 'button', class: 'danger', onclick: ask }, label));
  reset();
  return holder;
}

export function copyButton(text) {
  const button = h('button', {
    type: 'button',
    class: 'copy',
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(text);
        fill(button, 'Copied');
      } catch {
        fill(button, 'Select and copy by hand');
      }
      setTimeout(() => fill(button, 'Copy'), 2000);
    },
  }, 'Copy');
  return button;
}

/** A secret or key the API shows this once. */
export function secretOnce(label, value) {
  return notice(
    h('strong', {}, label),
    ' (shown this once: store it now)',
    h('div', { class: 'secret' }, h('code', { class: 'secret-value' }, value), copyButton(value)),
  );
}

/**
 * The object typed into a JSON field, {} when empty. A typo is reported at that field, as the
 * API's 422 would be, before anything is sent.
 */
export function jsonObject(form, name) {
  const text = form.elements[name].value.trim();
  if (!text) return {};
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw Object.assign(new Error('must be a JSON object, such as {"key": "value"}'), { field: name });
  }
  return value;
}
