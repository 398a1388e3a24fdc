-- Several schedulers may run against one database. Each registers itself and renews a
-- heartbeat; every active entry names the scheduler that follows it, so that when one dies
-- the others find its entries and adopt them.

CREATE TABLE schedulers (
  name VARCHAR(255) NOT NULL PRIMARY KEY,
  hostname VARCHAR(255) NOT NULL,
  pid BIGINT NOT NULL,
  started_on ${instant} NOT NULL,
  heartbeat_on ${instant} NOT NULL
);

ALTER TABLE host_queue_entries ADD COLUMN scheduler VARCHAR(255);
CREATE INDEX hqe_scheduler_ix ON host_queue_entries (scheduler);
