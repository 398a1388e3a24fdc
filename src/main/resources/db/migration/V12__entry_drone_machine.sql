-- Every machine has a drone called localhost: the name alone does not say where an entry's session
-- runs. drone_machine records the machine of the scheduler that gave the entry its drone, so a
-- scheduler on another machine that adopts the entry knows its own localhost drone is not the one.
ALTER TABLE host_queue_entries ADD COLUMN drone_machine VARCHAR(255);
