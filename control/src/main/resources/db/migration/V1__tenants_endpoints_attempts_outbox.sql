-- Tenants, their hashed API keys, endpoints, the attempt log, and the outbox that feeds the
-- compacted hookyard.config topic. Ids are prefixed and sort by creation time.
create table tenants (
  id          text primary key,
  name        text not null,
  created_at  timestamptz not null default now()
);

create table api_keys (
  id          text primary key,
  tenant_id   text not null references tenants (id),
  key_hash    text not null unique,
  created_at  timestamptz not null default now()
);
create index api_keys_tenant on api_keys (tenant_id, id);

-- config holds the endpoint as the data plane sees it (EndpointConfig JSON, secret sealed).
create table endpoints (
  id          text primary key,
  tenant_id   text not null references tenants (id),
  description text not null default '',
  config      jsonb not null,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);
create index endpoints_tenant on endpoints (tenant_id, id);

create table attempts (
  id                text primary key,
  tenant_id         text not null,
  endpoint_id       text not null,
  webhook_id        text not null,
  event_id          text not null,
  event_type        text not null,
  attempt           integer not null,
  succeeded         boolean not null,
  status_code       integer,
  response_time_ms  bigint not null,
  response_body     text,
  error             text,
  created_at        timestamptz not null
);
create index attempts_endpoint on attempts (tenant_id, endpoint_id, id);
create index attempts_created on attempts (created_at);

-- Rows wait here until the relay has published them to hookyard.config; value null = tombstone.
create table config_outbox (
  seq         bigserial primary key,
  record_key  text not null,
  record      jsonb,
  created_at  timestamptz not null default now()
);
