-- Who acts (Art. 18): the service account the docking service runs as.
-- SQLite cannot change a CHECK constraint, so user_roles is rebuilt with
-- 'service' among the roles.
CREATE TABLE user_roles_new (
    user TEXT NOT NULL REFERENCES users(name),
    role TEXT NOT NULL CHECK (role IN ('officer','custodian','legal','leader','supervisor','admin','service')),
    PRIMARY KEY (user, role)
);
INSERT INTO user_roles_new(user, role) SELECT user, role FROM user_roles;
DROP TABLE user_roles;
ALTER TABLE user_roles_new RENAME TO user_roles;
