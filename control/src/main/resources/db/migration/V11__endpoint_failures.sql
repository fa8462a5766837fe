-- Issue 3 (dispatch): consecutive failures per endpoint, counted from the attempt log, and why and
-- when an endpoint was disabled (410 Gone, or too many failures in a row).
alter table endpoints add column consecutive_failures integer not null default 0;
alter table endpoints add column disabled_at timestamptz;
alter table endpoints add column disabled_reason text;
