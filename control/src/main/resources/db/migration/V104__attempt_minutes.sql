-- Issue 17 (console charts): a rollup of the attempt log per endpoint and minute, so a chart
-- reads at most 1,440 rows per endpoint for a day however many attempts the day held (a busy
-- tenant's million attempts took 6 s straight from the log, docs/benchmarks.md). Each row has
-- the counts by outcome and a latency histogram: latency[i + 1] counts the attempts whose
-- response time falls in bucket i of hookyard_latency_bucket. The attempt sink adds to it in the
-- statement that inserts the attempts, counting only the rows that statement inserted, so a batch
-- read twice is counted once. The bucket edges are also in LatencyHistogram.java: keep them equal.

-- The bucket of a response time: 0 below 1 ms, i for edges[i] <= ms < edges[i + 1], 56 from 60 s.
-- Buckets are 1 ms wide up to 8 ms, then at most a quarter of their lower edge.
create function hookyard_latency_bucket(ms bigint) returns integer
  language sql immutable parallel safe
  as $$ select width_bucket(ms, array[1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 25, 30, 35, 40,
    50, 60, 70, 80, 100, 120, 140, 160, 200, 250, 300, 350, 400, 500, 600, 700, 800, 1000, 1200,
    1400, 1600, 2000, 2500, 3000, 3500, 4000, 5000, 6000, 7000, 8000, 10000, 12000, 15000, 20000,
    25000, 30000, 40000, 50000, 60000]::bigint[]) $$;

-- A histogram (57 counts, bucket 0 first) from bucket numbers and their counts.
create function hookyard_histogram(buckets integer[], counts bigint[]) returns integer[]
  language sql immutable parallel safe
  as $$ select array_agg(n order by g) from (
      select g, coalesce(sum(c), 0)::integer as n
      from generate_series(0, 56) as g left join unnest(buckets, counts) as u(b, c) on u.b = g
      group by g) as per_bucket $$;

-- Two histograms added bucket by bucket.
create function hookyard_histogram_add(a integer[], b integer[]) returns integer[]
  language sql immutable parallel safe
  as $$ select array_agg(coalesce(x, 0) + coalesce(y, 0) order by i)
      from unnest(a, b) with ordinality as t(x, y, i) $$;

create table attempt_minutes (
  tenant_id    text not null,
  endpoint_id  text not null,
  minute       timestamptz not null,
  succeeded    bigint not null,
  failed       bigint not null,
  latency      integer[] not null,
  primary key (tenant_id, endpoint_id, minute)
);
-- the tenant-wide charts: one range scan over the tenant's minutes
create index attempt_minutes_tenant on attempt_minutes (tenant_id, minute);
-- retention deletes by age
create index attempt_minutes_minute on attempt_minutes (minute);

-- History: the attempts already in the log.
insert into attempt_minutes (tenant_id, endpoint_id, minute, succeeded, failed, latency)
select tenant_id, endpoint_id, minute, sum(ok), sum(bad),
       hookyard_histogram(array_agg(bucket), array_agg(ok + bad))
from (select tenant_id, endpoint_id,
             date_bin(interval '1 minute', created_at, timestamptz '2000-01-01 00:00:00+00') as minute,
             hookyard_latency_bucket(response_time_ms) as bucket,
             count(*) filter (where succeeded) as ok, count(*) filter (where not succeeded) as bad
      from attempts
      group by 1, 2, 3, 4) as per_bucket
group by tenant_id, endpoint_id, minute;
