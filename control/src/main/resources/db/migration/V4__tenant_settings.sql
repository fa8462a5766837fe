-- Per-tenant settings the operator changes with PATCH /api/v1/tenants/{id}: the API rate limit
-- (null: the operator's default) and vendor integration switches ({"hubspot": false}).
alter table tenants add column api_rate_limit_per_minute integer;
alter table tenants add column integrations jsonb not null default '{}';
