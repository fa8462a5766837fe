-- The event an Idempotency-Key stands for, chosen when the key is claimed. A key claimed again
-- after its 24 hours gets the new event's id here, so the new event is not taken for the old one.
-- Rows claimed before this column existed keep the id derived from tenant and key (null here).
alter table idempotency_keys add column event_id text;
