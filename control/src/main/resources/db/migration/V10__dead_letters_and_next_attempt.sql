-- Issue 3 (dispatch): when a failed attempt is tried next, and the deliveries that ran out of
-- tries. A dead letter keeps the whole delivery (its final body included) so it can be replayed
-- through the normal path; replayed_at marks one that was, so bulk replay sends it only once.
alter table attempts add column next_attempt_at timestamptz;

create table dead_letters (
  id                text primary key,
  tenant_id         text not null,
  endpoint_id       text not null,
  webhook_id        text not null,
  event_id          text not null,
  event_type        text not null,
  attempts          integer not null,
  last_status_code  integer,
  last_error        text,
  delivery          jsonb not null,
  dead_at           timestamptz not null,
  replayed_at       timestamptz
);
create index dead_letters_tenant on dead_letters (tenant_id, id);
create index dead_letters_endpoint on dead_letters (tenant_id, endpoint_id, dead_at);
