// The console: tenant pages for a tenant key, operator pages for the operator key.
import { h } from './dom.js';
import { session, whenUnauthorized } from './api.js';
import { router } from './router.js';
import { signIn } from './pages/signin.js';
import { endpointList, endpointCreate } from './pages/endpoints.js';
import { endpointShow } from './pages/endpoint.js';
import { attemptList } from './pages/attempts.js';
import { deadLetterList } from './pages/dead-letters.js';
import { sourceList } from './pages/sources.js';
import { sourceShow } from './pages/source.js';
import { connectionShow } from './pages/connection.js';
import { keyList } from './pages/keys.js';
import { tenantList } from './pages/tenants.js';
import { tenantShow } from './pages/tenant.js';
import { healthPage } from './pages/health.js';
import { catalogPage } from './pages/catalog.js';
import { auditPage } from './pages/audit.js';
import { connectionList } from './pages/connections.js';
import { syncList } from './pages/syncs.js';
import { syncShow } from './pages/sync.js';
import { sendPage } from './pages/send.js';

const ID = '([A-Za-z0-9_-]+)';
const TENANT = [
  [/^endpoints$/, endpointList],
  [/^endpoints\/new$/, endpointCreate],
  [new RegExp(`^endpoints/${ID}$`), endpointShow],
  [new RegExp(`^endpoints/${ID}/attempts$`), attemptList],
  [/^dead-letters$/, deadLetterList],
  [/^sources$/, sourceList],
  [new RegExp(`^sources/${ID}$`), sourceShow],
  [/^api-keys$/, keyList],
  [/^connections$/, connectionList],
  [new RegExp(`^connections/${ID}$`), connectionShow],
  [/^syncs$/, syncList],
  [new RegExp(`^syncs/${ID}$`), syncShow],
  [/^event-types$/, catalogPage],
  [/^send$/, sendPage],
  [/^audit$/, auditPage],
];
const OPERATOR = [
  [/^health$/, healthPage],
  [/^tenants$/, tenantList],
  [new RegExp(`^tenants/${ID}$`), tenantShow],
];
const MENUS = {
  tenant: [
    ['endpoints', 'Endpoints'], ['dead-letters', 'Dead letters'], ['sources', 'Sources'], ['connections', 'Connections'], ['syncs', 'Syncs'],
    ['event-types', 'Event catalog'], ['send', 'Send event'], ['api-keys', 'API keys'], ['audit', 'Audit log'],
  ],
  operator: [['health', 'Integration health'], ['tenants', 'Tenants']],
};

function signOut() {
  session.clear();
  window.location.hash = '#/signin';
  route();
}

const route = router({
  routes: () => ({ tenant: TENANT, operator: OPERATOR })[session.role()] || [],
  menu: () => MENUS[session.role()] || [],
  header: () => (session.role()
    ? [h('span', { class: 'who' }, session.role()), h('button', { type: 'button', id: 'sign-out', onclick: signOut }, 'Sign out')]
    : null),
  fallback: (section) => {
    const role = session.role();
    if (MENUS[role]) window.location.replace(`#/${MENUS[role][0][0]}`);
    else signIn(section, () => route());
  },
});

whenUnauthorized(() => {
  session.clear();
  route();
});
route();
