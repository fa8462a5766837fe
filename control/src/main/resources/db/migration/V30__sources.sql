-- Inbound webhook sources. config holds the SourceConfig as the data plane sees it (secrets sealed).
create table sources (
  id          text primary key,
  tenant_id   text not null references tenants (id),
  name        text not null,
  config      jsonb not null,
  created_at  timestamptz not null default now()
);
create index sources_tenant on sources (tenant_id, id);
