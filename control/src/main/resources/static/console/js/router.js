// Hash routing shared by the console and the portal: one page function per route.
import { h, fill } from './dom.js';
import { errorBox } from './ui.js';

/**
 * routes: [[RegExp, page], …] tried in order on the part of the hash before '?'; a page gets its
 * section, the route's groups and the query's URLSearchParams. menu: [[path, label], …].
 */
export function router({ routes, menu, header, fallback }) {
  const view = document.getElementById('view');
  const nav = document.getElementById('nav');

  async function route() {
    const [path, search] = window.location.hash.replace(/^#\/?/, '').split('?');
    const params = new URLSearchParams(search || '');
    const top = path.split('/')[0];
    fill(nav,
      menu().map(([to, label]) => h('a', { href: `#/${to}`, 'aria-current': top === to ? 'page' : null }, label)),
      header());
    const section = h('div', { class: 'loading' });
    fill(view, section);
    const match = routes().map(([re, show]) => [path.match(re), show]).find(([m]) => m);
    if (!match) {
      fallback(section);
      return;
    }
    const [m, show] = match;
    try {
      await show(section, ...m.slice(1), params);
    } catch (error) {
      fill(section, errorBox(error));
    }
    section.classList.remove('loading');
    view.focus({ preventScroll: true });
  }

  window.addEventListener('hashchange', route);
  return route;
}
