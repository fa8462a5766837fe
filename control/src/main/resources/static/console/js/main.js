// The console's router: one page per hash route, chosen by who signed in.
import { h, fill } from './dom.js';
import { session, whenUnauthorized } from './api.js';
import { errorBox } from './ui.js';
import { signIn } from './pages/signin.js';
import { endpointList, endpointCreate } from './pages/endpoints.js';
import { endpointShow } from './pages/endpoint.js';
import { attemptList } from './pages/attempts.js';
import { deadLetterList } from './pages/dead-letters.js';
import { sourceList } from './pages/sources.js';
import { keyList } from './pages/keys.js';
import { tenantList } from './pages/tenants.js';
import { healthPage } from './pages/health.js';

const ID = '([A-Za-z0-9_-]+)';
const TENANT = [
  [/^endpoints$/, endpointList],
  [/^endpoints\/new$/, endpointCreate],
  [new RegExp(`^endpoints/${ID}$`), endpointShow],
  [new RegExp(`^endpoints/${ID}/attempts$`), attemptList],
  [/^dead-letters$/, deadLetterList],
  [/^sources$/, sourceList],
  [/^api-keys$/, keyList],
];
const OPERATOR = [
  [/^health$/, healthPage],
  [/^tenants$/, tenantList],
];
const MENUS = {
  tenant: [['endpoints', 'Endpoints'], ['dead-letters', 'Dead letters'], ['sources', 'Sources'], ['api-keys', 'API keys']],
  operator: [['health', 'Integration health'], ['tenants', 'Tenants']],
};

const view = document.getElementById('view');
const nav = document.getElementById('nav');

function location() {
  const [path, search] = window.location.hash.replace(/^#\/?/, '').split('?');
  return { path, params: new URLSearchParams(search || '') };
}

function renderNav(role, current) {
  if (!role) return fill(nav);
  const top = current.split('/')[0];
  return fill(
    nav,
    MENUS[role].map(([path, label]) =>
      h('a', { href: `#/${path}`, 'aria-current': top === path ? 'page' : null }, label)),
    h('span', { class: 'who' }, role === 'operator' ? 'operator' : 'tenant'),
    h('button', { type: 'button', id: 'sign-out', onclick: signOut }, 'Sign out'),
  );
}

function signOut() {
  session.clear();
  window.location.hash = '#/signin';
  route();
}

async function route() {
  const role = session.role();
  const { path, params } = location();
  renderNav(role, path);
  const section = h('div', { class: 'loading' });
  fill(view, section);
  if (!role) {
    signIn(section, route);
    return;
  }
  const routes = role === 'operator' ? OPERATOR : TENANT;
  const match = routes.map(([re, show]) => [path.match(re), show]).find(([m]) => m);
  if (!match) {
    window.location.replace(`#/${MENUS[role][0][0]}`);
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

whenUnauthorized(() => {
  session.clear();
  route();
});
window.addEventListener('hashchange', route);
route();
