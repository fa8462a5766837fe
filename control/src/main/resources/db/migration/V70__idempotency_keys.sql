-- Publish API Idempotency-Key claims: which request (a SHA-256 fingerprint of type, subject and
-- data) each tenant's key was first used with. A row older than 24 hours is reclaimed by the next
-- use of its key; created_at is indexed so old rows can be swept.
create table idempotency_keys (
  tenant_id        text not null,
  idempotency_key  text not null,
  fingerprint      text not null,
  created_at       timestamptz not null default now(),
  primary key (tenant_id, idempotency_key)
);
create index idempotency_keys_created on idempotency_keys (created_at);
