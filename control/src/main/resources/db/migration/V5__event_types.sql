-- A tenant's own event types; the built-in catalog ships in the jar. The data plane reads them
-- from hookyard.config, never from here.
create table event_types (
  tenant_id   text not null references tenants (id),
  name        text not null,
  description text not null default '',
  schema      jsonb not null,
  created_at  timestamptz not null default now(),
  primary key (tenant_id, name)
);
