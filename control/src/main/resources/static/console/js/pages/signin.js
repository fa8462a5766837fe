// Sign in with a tenant API key or the operator key; the key stays in this tab's sessionStorage.
import { h, fill } from '../dom.js';
import { api, session } from '../api.js';
import { page, field, showFormError } from '../ui.js';

export function signIn(section, done) {
  const form = h(
    'form',
    { class: 'signin', onsubmit: submit },
    field({ label: 'API key', name: 'api_key', type: 'password', required: true, hint: 'A tenant key (hk_…) or the operator key printed at start-up.' }),
    h('p', { class: 'form-error', role: 'alert' }),
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
  );
  fill(section, page('Sign in', form));
  form.querySelector('input').focus();

  async function submit(event) {
    event.preventDefault();
    const key = form.elements.api_key.value.trim();
    showFormError(form, null);
    try {
      await api('GET', '/tenants?limit=1', undefined, key);
      session.set(key, 'operator');
    } catch (error) {
      if (error.status === 403) {
        session.set(key, 'tenant');
      } else {
        showFormError(form, error.status === 401 ? { field: 'api_key', message: 'This key is not known.' } : error);
        return;
      }
    }
    const target = session.role() === 'operator' ? '#/health' : '#/endpoints';
    if (window.location.hash === target) done();
    else window.location.hash = target;
  }
}
