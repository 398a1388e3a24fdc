-- Special tasks (verify, cleanup, repair) run as sessions that one scheduler follows, as it
-- follows its host queue entries; a scheduler that dies or resigns leaves them to the others.
-- A task asked for but not started holds pending_key '<host>-<task>', unique, so that a host has
-- at most one pending task of each kind however many schedulers and users ask at once; the key
-- is cleared when the task starts.

ALTER TABLE special_tasks ADD COLUMN scheduler VARCHAR(255);
ALTER TABLE special_tasks ADD COLUMN pending_key VARCHAR(64);
CREATE UNIQUE INDEX special_tasks_pending_uq ON special_tasks (pending_key);
CREATE INDEX special_tasks_state_ix ON special_tasks (complete, active);
