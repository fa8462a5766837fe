-- Issue 12: syncs (change-tracking polls) and their run log. A sync row holds what the API shows:
-- its configuration (published as SyncConfig to hookyard.config through the outbox) and the state
-- the engine last reported on hookyard.syncs.runs (status, times, counters), which the run sink
-- writes. interval and full_resync are ISO-8601 durations as the API takes them. failing_since is
-- set by the first ended run the engine reports as failing and cleared by one it does not, so a
-- sync.failing event goes out once per failing spell (the status alone flips to running each run).
create table syncs (
  id                    text primary key,
  tenant_id             text not null references tenants (id),
  connection_id         text not null references connections (id),
  vendor                text not null,
  entity                text not null,
  interval              text not null,
  full_resync           text not null,
  since                 timestamptz,
  settings              jsonb not null default '{}',
  paused                boolean not null default false,
  run_requested         timestamptz,
  status                text not null default 'scheduled',
  last_run_at           timestamptz,
  next_run_at           timestamptz,
  records               bigint not null default 0,
  errors                bigint not null default 0,
  last_error            text,
  consecutive_failures  integer not null default 0,
  failing_since         timestamptz,
  created_at            timestamptz not null default now(),
  updated_at            timestamptz not null default now()
);
create index syncs_tenant on syncs (tenant_id, id);
create index syncs_connection on syncs (tenant_id, connection_id, id);

-- One row per run, upserted by its id from the start and end records the engine reports. Runs go
-- with their sync, and after hookyard.retention.attempts like attempts (created_at is the run's
-- start, as an attempt's is its own time).
create table sync_runs (
  id           text primary key,
  sync_id      text not null references syncs (id) on delete cascade,
  tenant_id    text not null,
  kind         text not null,
  status       text not null,
  started_at   timestamptz not null,
  finished_at  timestamptz,
  records      bigint not null default 0,
  requests     bigint not null default 0,
  error        text,
  created_at   timestamptz not null default now()
);
create index sync_runs_sync on sync_runs (sync_id, started_at desc, id desc);
create index sync_runs_created on sync_runs (created_at);
