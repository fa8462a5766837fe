-- A tenant's JSONata field mapping per sync, as sources have one; goes with its sync.
alter table syncs add column mapping text;
alter table syncs add column mapping_updated_at timestamptz;
