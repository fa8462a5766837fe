-- Issue 6: a tenant's plan sets its API rate limit (free: the operator's default, 100 a minute
-- unless configured; pro: 500; enterprise: 2000). api_rate_limit_per_minute, when set, overrides it.
alter table tenants add column plan text not null default 'free';
