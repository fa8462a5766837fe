// The customer portal: a tenant's customer manages the endpoints of one portal link. The link's
// token arrives in the URL fragment (never sent to a server), moves to sessionStorage and leaves
// the address bar; every call sends it as the bearer key, and the API keeps it to its endpoints.
import { h, fill } from './dom.js';
import { session, whenUnauthorized } from './api.js';
import { router } from './router.js';
import { page } from './ui.js';
import { endpointList, endpointCreate } from './pages/endpoints.js';
import { endpointShow } from './pages/endpoint.js';
import { attemptList } from './pages/attempts.js';
import { deadLetterList } from './pages/dead-letters.js';

const ID = '([A-Za-z0-9_-]+)';
const ROUTES = [
  [/^endpoints$/, endpointList],
  [/^endpoints\/new$/, endpointCreate],
  [new RegExp(`^endpoints/${ID}$`), endpointShow],
  [new RegExp(`^endpoints/${ID}/attempts$`), attemptList],
  [/^dead-letters$/, deadLetterList],
];

const token = window.location.hash.slice(1);
if (token.startsWith('hkp_')) {
  session.set(token, 'portal');
  window.history.replaceState(null, '', `${window.location.pathname}#/endpoints`);
}

function expired(section) {
  fill(section, page('This link no longer works', h('p', {}, 'Ask for a new link where you found this one.')));
}

const route = router({
  routes: () => (session.role() === 'portal' ? ROUTES : []),
  menu: () => (session.role() === 'portal' ? [['endpoints', 'Endpoints']] : []),
  header: () => null,
  fallback: (section) => {
    if (session.role() === 'portal') window.location.replace('#/endpoints');
    else expired(section);
  },
});

whenUnauthorized(() => {
  session.clear();
  route();
});
route();
