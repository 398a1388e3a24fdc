-- A job's timeout is kept as the instant it falls due, so each tick finds late jobs with one
-- indexed comparison; an abort keeps its reason ("aborted by user", "timed out after ...")
-- apart from the entry's other reasons until the entry ends.

ALTER TABLE jobs ADD COLUMN timeout_at ${instant};
CREATE INDEX jobs_timeout_ix ON jobs (timeout_at);
ALTER TABLE host_queue_entries ADD COLUMN abort_reason VARCHAR(1000);
