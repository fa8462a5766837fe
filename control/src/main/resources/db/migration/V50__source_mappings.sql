-- A tenant's JSONata field mapping per source; goes with its source.
create table source_mappings (
  source_id   text primary key references sources (id) on delete cascade,
  tenant_id   text not null references tenants (id),
  expression  text not null,
  updated_at  timestamptz not null default now()
);
