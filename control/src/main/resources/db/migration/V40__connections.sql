-- Issue 6: connections to vendor APIs. credentials and tokens hold a SealedSecret as JSON
-- ({"key_id": …, "ciphertext": …}): AES-256-GCM under the same key as source secrets, with the id
-- of the key that opens it, so keys can rotate. Neither is ever returned by the API.
create table connections (
  id           text primary key,
  tenant_id    text not null references tenants (id),
  vendor       text not null,
  name         text not null default '',
  auth_type    text not null,
  settings     jsonb not null default '{}',
  credentials  jsonb not null,
  tokens       jsonb,
  status       text not null,
  last_error   text,
  checked_at   timestamptz,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now()
);
create index connections_tenant on connections (tenant_id, id);

-- One row per OAuth 2.0 authorization in flight: the SHA-256 of the state sent to the vendor, which
-- connection it finishes, who started it (for the audit log) and the redirect_uri to repeat.
create table oauth_states (
  state_hash     text primary key,
  tenant_id      text not null,
  connection_id  text not null references connections (id) on delete cascade,
  actor          text not null,
  redirect_uri   text not null,
  expires_at     timestamptz not null
);
create index oauth_states_expires on oauth_states (expires_at);
