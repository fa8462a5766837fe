-- Issue 17 (console charts): deliveries, failures and latency over the last hour or day, per
-- tenant and per endpoint, come straight from the attempt log. These indexes lead with the
-- tenant (and endpoint) and the time, and carry the two columns the statistics read, so a
-- window is one index-only range scan however many attempts other tenants and older days hold.
create index attempts_tenant_time on attempts (tenant_id, created_at)
  include (succeeded, response_time_ms);
create index attempts_endpoint_time on attempts (tenant_id, endpoint_id, created_at)
  include (succeeded, response_time_ms);
