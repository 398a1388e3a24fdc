-- The lab's schema, written once for H2, PostgreSQL and MariaDB/MySQL.
-- Types that differ between them come from Flyway placeholders set per dialect
-- (hangar.store.Dialect): ${id} an auto-generated primary key, ${instant} a UTC point in
-- time, ${text} unbounded text.

CREATE TABLE users (
  id ${id},
  login VARCHAR(255) NOT NULL,
  access_level INT NOT NULL DEFAULT 0,
  created_on ${instant} NOT NULL,
  CONSTRAINT users_login_uq UNIQUE (login)
);

CREATE TABLE acl_groups (
  id ${id},
  name VARCHAR(255) NOT NULL,
  description VARCHAR(1000) NOT NULL DEFAULT '',
  CONSTRAINT acl_groups_name_uq UNIQUE (name)
);

CREATE TABLE acl_group_users (
  acl_group_id BIGINT NOT NULL REFERENCES acl_groups (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (acl_group_id, user_id)
);

CREATE TABLE atomic_groups (
  id ${id},
  name VARCHAR(255) NOT NULL,
  description VARCHAR(1000) NOT NULL DEFAULT '',
  max_number_of_machines INT NOT NULL,
  invalid BOOLEAN NOT NULL DEFAULT FALSE,
  CONSTRAINT atomic_groups_name_uq UNIQUE (name)
);

CREATE TABLE hosts (
  id ${id},
  hostname VARCHAR(255) NOT NULL,
  status VARCHAR(32) NOT NULL,
  locked BOOLEAN NOT NULL DEFAULT FALSE,
  locked_by VARCHAR(255),
  locked_on ${instant},
  lock_reason VARCHAR(1000),
  protection VARCHAR(32) NOT NULL,
  dirty BOOLEAN NOT NULL DEFAULT FALSE,
  invalid BOOLEAN NOT NULL DEFAULT FALSE,
  ssh_user VARCHAR(255),
  ssh_port INT,
  version BIGINT NOT NULL DEFAULT 0,
  created_on ${instant} NOT NULL,
  CONSTRAINT hosts_hostname_uq UNIQUE (hostname)
);
CREATE INDEX hosts_status_ix ON hosts (status);

CREATE TABLE acl_group_hosts (
  acl_group_id BIGINT NOT NULL REFERENCES acl_groups (id) ON DELETE CASCADE,
  host_id BIGINT NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
  PRIMARY KEY (acl_group_id, host_id)
);

CREATE TABLE labels (
  id ${id},
  name VARCHAR(255) NOT NULL,
  platform BOOLEAN NOT NULL DEFAULT FALSE,
  only_if_needed BOOLEAN NOT NULL DEFAULT FALSE,
  atomic_group_id BIGINT REFERENCES atomic_groups (id),
  invalid BOOLEAN NOT NULL DEFAULT FALSE,
  CONSTRAINT labels_name_uq UNIQUE (name)
);

CREATE TABLE host_labels (
  host_id BIGINT NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
  label_id BIGINT NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
  PRIMARY KEY (host_id, label_id)
);

CREATE TABLE jobs (
  id ${id},
  owner VARCHAR(255) NOT NULL,
  name VARCHAR(255) NOT NULL,
  priority INT NOT NULL,
  control_file ${text} NOT NULL,
  control_type VARCHAR(16) NOT NULL,
  synch_count INT NOT NULL,
  timeout_minutes INT NOT NULL,
  max_runtime_minutes INT NOT NULL,
  run_verify BOOLEAN NOT NULL,
  reboot_before VARCHAR(32) NOT NULL,
  reboot_after VARCHAR(32) NOT NULL,
  email_list VARCHAR(1000) NOT NULL DEFAULT '',
  atomic_group_id BIGINT REFERENCES atomic_groups (id),
  created_on ${instant} NOT NULL,
  finished_on ${instant}
);
CREATE INDEX jobs_owner_ix ON jobs (owner);

CREATE TABLE job_dependency_labels (
  job_id BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  label_id BIGINT NOT NULL REFERENCES labels (id),
  PRIMARY KEY (job_id, label_id)
);

CREATE TABLE host_queue_entries (
  id ${id},
  job_id BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  host_id BIGINT REFERENCES hosts (id),
  meta_host BIGINT REFERENCES labels (id),
  atomic_group_id BIGINT REFERENCES atomic_groups (id),
  status VARCHAR(32) NOT NULL,
  active BOOLEAN NOT NULL DEFAULT FALSE,
  complete BOOLEAN NOT NULL DEFAULT FALSE,
  aborted BOOLEAN NOT NULL DEFAULT FALSE,
  execution_subdir VARCHAR(255),
  drone VARCHAR(255),
  reason VARCHAR(4000),
  started_on ${instant},
  finished_on ${instant},
  version BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX hqe_status_ix ON host_queue_entries (status);
CREATE INDEX hqe_job_ix ON host_queue_entries (job_id);
CREATE INDEX hqe_host_ix ON host_queue_entries (host_id);

CREATE TABLE special_tasks (
  id ${id},
  host_id BIGINT NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
  task VARCHAR(16) NOT NULL,
  queue_entry_id BIGINT REFERENCES host_queue_entries (id),
  active BOOLEAN NOT NULL DEFAULT FALSE,
  complete BOOLEAN NOT NULL DEFAULT FALSE,
  success BOOLEAN NOT NULL DEFAULT FALSE,
  reason VARCHAR(4000),
  requested_on ${instant} NOT NULL,
  started_on ${instant},
  finished_on ${instant}
);
CREATE INDEX special_tasks_host_ix ON special_tasks (host_id);

CREATE TABLE drones (
  id ${id},
  hostname VARCHAR(255) NOT NULL,
  kind VARCHAR(16) NOT NULL,
  enabled BOOLEAN NOT NULL DEFAULT TRUE,
  last_heartbeat ${instant},
  version VARCHAR(64),
  CONSTRAINT drones_hostname_uq UNIQUE (hostname)
);

-- Autotest gives every host to the 'Everyone' ACL group and the first user is the admin.
INSERT INTO acl_groups (name, description) VALUES ('Everyone', 'Every user and every host');
