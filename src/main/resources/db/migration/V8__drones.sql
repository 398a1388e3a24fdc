-- Drones as the lab records them (the table V1 made): whether each takes new sessions (drone mod
-- --disable drains one), and for dial-in workers the SHA-256 of the token they authenticate
-- with. Drones listed in the drones key get a row the first time a scheduler starts with them.
ALTER TABLE drones ADD COLUMN token_sha256 VARCHAR(64);
ALTER TABLE drones ADD COLUMN created_on ${instant};
