-- Issue 19: replays and backfills. A replay sends an endpoint the events of a time range again,
-- read back from hookyard.events; its row is its whole state, so another instance (or this one
-- after a restart) resumes it from positions, the next offset and the end of each partition. A
-- backfill's range ends where live routing took over (found and positions stay null until the
-- runner fixed it, seam_at after the endpoint's config_seq outbox row reached Kafka). owner and
-- lease_until say which instance runs it and until when without a sign of life.
create table replays (
  id           text primary key,
  tenant_id    text not null,
  endpoint_id  text not null,
  kind         text not null,
  since        timestamptz not null,
  until        timestamptz,
  event_types  jsonb,
  status       text not null,
  found        bigint,
  sent         bigint not null default 0,
  positions    jsonb,
  config_seq   bigint,
  seam_at      timestamptz,
  error        text,
  owner        text,
  lease_until  timestamptz,
  created_at   timestamptz not null,
  finished_at  timestamptz
);
create index replays_tenant on replays (tenant_id, id);
create index replays_running on replays (id) where status = 'running';
