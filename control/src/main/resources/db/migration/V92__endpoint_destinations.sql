-- Issue 14: vendor destinations. An endpoint's type, connection, action and settings live in its
-- config JSON (records written before read as webhooks); an attempt at a vendor destination names
-- the object the vendor created or updated (HubSpot's record id, Slack's channel/ts).
alter table attempts add column vendor_object_id text;
