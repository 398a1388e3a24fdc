-- The API's one token acts as 'admin', Autotest's superuser (access level 100, ACCESS_ROOT), in
-- the Everyone group like every user. Matching reads hosts by label and by ACL group once a tick.

INSERT INTO users (login, access_level, created_on) VALUES ('admin', 100, CURRENT_TIMESTAMP);

INSERT INTO acl_group_users (acl_group_id, user_id)
SELECT g.id, u.id FROM acl_groups g, users u WHERE g.name = 'Everyone' AND u.login = 'admin';

CREATE INDEX host_labels_label_ix ON host_labels (label_id);
CREATE INDEX acl_group_hosts_host_ix ON acl_group_hosts (host_id);
CREATE INDEX hosts_invalid_ix ON hosts (invalid);
