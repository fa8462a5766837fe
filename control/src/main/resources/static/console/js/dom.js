// The one way the console builds markup: DOM nodes whose text is set as text. Strings that
// tenants, vendors or receivers control (descriptions, URLs, response bodies) can therefore
// never become markup or script. Never use innerHTML with data.

const SAFE_HREF = /^(#|\/(?!\/)|https?:\/\/)/;

/** h('tag', {attr: value, onclick: fn}, child, …): children are nodes or text. */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value == null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'value') {
      el.value = value;
    } else if (name === 'checked' || name === 'selected') {
      el[name] = Boolean(value);
    } else if (name === 'href' && !SAFE_HREF.test(String(value))) {
      continue; // a link to javascript: or data: is never rendered
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces everything inside el with children. */
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

const SVG = 'http://www.w3.org/2000/svg';

/** The same as h() for SVG elements: attributes set as attributes, children as text. */
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value != null) el.setAttribute(name, String(value));
  }
  return append(el, children);
}
