-- A tenant may hold several API keys; a name tells them apart in the list (the key is never shown
-- again). Revoking a key deletes its row; the audit log keeps its id.
alter table api_keys add column name text not null default '';
