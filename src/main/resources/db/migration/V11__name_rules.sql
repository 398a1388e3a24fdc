-- The name rules of hangar.lab.Names, as far as one text can say them on H2, PostgreSQL and
-- MariaDB/MySQL alike. Every name column is already VARCHAR(255), the rules' length bound; these
-- checks add that a name is never empty and that the machine-like names (hosts, labels, atomic
-- groups, ACL groups, logins, drones) hold no space and no slash, since they end up in paths and
-- command lines. Which characters a name may hold beyond that needs regular expressions, which the
-- three databases write differently; the model checks it before any write. Job names are free text
-- (spaces allowed), so they are only kept non-empty. MySQL before 8.0.16 parses CHECK and ignores
-- it; MariaDB (10.2 on) and the others enforce it.

ALTER TABLE hosts ADD CONSTRAINT hosts_hostname_ck
  CHECK (hostname <> '' AND hostname NOT LIKE '% %' AND hostname NOT LIKE '%/%');
ALTER TABLE labels ADD CONSTRAINT labels_name_ck
  CHECK (name <> '' AND name NOT LIKE '% %' AND name NOT LIKE '%/%');
ALTER TABLE atomic_groups ADD CONSTRAINT atomic_groups_name_ck
  CHECK (name <> '' AND name NOT LIKE '% %' AND name NOT LIKE '%/%');
ALTER TABLE acl_groups ADD CONSTRAINT acl_groups_name_ck
  CHECK (name <> '' AND name NOT LIKE '% %' AND name NOT LIKE '%/%');
ALTER TABLE users ADD CONSTRAINT users_login_ck
  CHECK (login <> '' AND login NOT LIKE '% %' AND login NOT LIKE '%/%');
ALTER TABLE drones ADD CONSTRAINT drones_hostname_ck
  CHECK (hostname <> '' AND hostname NOT LIKE '% %' AND hostname NOT LIKE '%/%');
ALTER TABLE jobs ADD CONSTRAINT jobs_name_ck CHECK (name <> '');

-- The numbers the model bounds the same way everywhere.
ALTER TABLE hosts ADD CONSTRAINT hosts_ssh_port_ck CHECK (ssh_port BETWEEN 1 AND 65535);
ALTER TABLE atomic_groups ADD CONSTRAINT atomic_groups_max_ck CHECK (max_number_of_machines >= 1);
ALTER TABLE jobs ADD CONSTRAINT jobs_synch_count_ck CHECK (synch_count >= 1);
