-- The queue is read in priority order many times a minute. Each entry keeps its job's priority
-- (a job's priority never changes), so that one index gives the queue in the order the scheduler
-- takes it, and aborted queued entries, without reading the jobs. A second index finds the few
-- active entries among the many finished and queued ones.

ALTER TABLE host_queue_entries ADD COLUMN priority INT DEFAULT 0 NOT NULL;
UPDATE host_queue_entries SET priority = (SELECT j.priority FROM jobs j WHERE j.id = host_queue_entries.job_id);
CREATE INDEX hqe_queue_ix ON host_queue_entries (status, aborted, priority DESC, job_id, id);
CREATE INDEX hqe_active_ix ON host_queue_entries (active, scheduler);

-- The scheduler keeps the hosts' labels and ACL groups between ticks and reads them again only
-- when this counter moved: every change to labels, host labels or ACL groups of hosts bumps it.
CREATE TABLE lab_generation (id INT NOT NULL PRIMARY KEY, generation BIGINT NOT NULL);
INSERT INTO lab_generation (id, generation) VALUES (1, 0);

-- When an entry of a synchronous job began to wait, holding its host, for the others.
ALTER TABLE host_queue_entries ADD COLUMN pending_since ${instant};
