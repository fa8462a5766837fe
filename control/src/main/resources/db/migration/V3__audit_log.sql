-- Every configuration change: which key (or the operator) did what to which entity, when. Written in
-- the transaction of the change itself, so a change without its audit row cannot exist.
create table audit_log (
  id          text primary key,
  tenant_id   text,
  actor       text not null,
  action      text not null,
  target_id   text not null,
  created_at  timestamptz not null default now()
);
create index audit_log_tenant on audit_log (tenant_id, id);
