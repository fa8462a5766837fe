-- Issue 17 (console and customer portal): a portal session is the server-side half of a portal
-- link. The link's token names the session and is signed; the session holds its tenant, the key
-- that made it (the audit log's actor), the endpoints it may see (null: all of the tenant's) and
-- when it ends. Endpoints created through a scoped session join its endpoint_ids.
create table portal_sessions (
  id            text primary key,
  tenant_id     text not null references tenants (id),
  key_id        text not null,
  endpoint_ids  text[],
  expires_at    timestamptz not null,
  created_at    timestamptz not null default now()
);
create index portal_sessions_expiry on portal_sessions (expires_at);

-- The origins allowed to frame a tenant's portal pages (Content-Security-Policy frame-ancestors);
-- no row: only Hookyard's own origin.
create table portal_settings (
  tenant_id   text primary key references tenants (id),
  origins     text[] not null,
  updated_at  timestamptz not null default now()
);
