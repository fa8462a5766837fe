-- Grows with every write of a connection; the data plane's token refreshes compare against it.
alter table connections add column revision bigint not null default 1;
