-- The results database (the seeds' TKO): what the parser read from each session's results
-- folder. One result_jobs row per folder, keyed by its tag (the folder's path under the results
-- root, '12-alice/board7'); parsing a folder again replaces its rows. Tests keep the order they
-- started in; iterations hold each block of a test's results/keyval, text values as 'attr' and
-- measurements as 'perf'.

CREATE TABLE result_jobs (
  id ${id},
  tag VARCHAR(512) NOT NULL,
  job_id BIGINT,
  drone VARCHAR(255),
  machine VARCHAR(1000) NOT NULL,
  username VARCHAR(255) NOT NULL,
  label VARCHAR(1000) NOT NULL,
  status VARCHAR(16) NOT NULL,
  reason ${text} NOT NULL,
  kernel VARCHAR(255) NOT NULL,
  queued_on ${instant},
  started_on ${instant},
  finished_on ${instant},
  parsed_on ${instant} NOT NULL,
  CONSTRAINT result_jobs_tag_uq UNIQUE (tag)
);
CREATE INDEX result_jobs_job_ix ON result_jobs (job_id);

CREATE TABLE result_job_keyvals (
  result_job_id BIGINT NOT NULL REFERENCES result_jobs (id) ON DELETE CASCADE,
  name VARCHAR(255) NOT NULL,
  text_value ${text} NOT NULL,
  PRIMARY KEY (result_job_id, name)
);

CREATE TABLE result_tests (
  id ${id},
  result_job_id BIGINT NOT NULL REFERENCES result_jobs (id) ON DELETE CASCADE,
  seq INT NOT NULL,
  subdir VARCHAR(255) NOT NULL,
  name VARCHAR(255) NOT NULL,
  status VARCHAR(16) NOT NULL,
  reason ${text} NOT NULL,
  kernel VARCHAR(255) NOT NULL,
  started_on ${instant},
  finished_on ${instant}
);
CREATE INDEX result_tests_job_ix ON result_tests (result_job_id, seq);
CREATE INDEX result_tests_name_ix ON result_tests (name, status);

CREATE TABLE result_test_attributes (
  test_id BIGINT NOT NULL REFERENCES result_tests (id) ON DELETE CASCADE,
  name VARCHAR(255) NOT NULL,
  text_value ${text} NOT NULL,
  PRIMARY KEY (test_id, name)
);

CREATE TABLE result_iterations (
  test_id BIGINT NOT NULL REFERENCES result_tests (id) ON DELETE CASCADE,
  iteration INT NOT NULL,
  kind VARCHAR(4) NOT NULL,
  name VARCHAR(255) NOT NULL,
  text_value ${text},
  perf_value DOUBLE PRECISION,
  PRIMARY KEY (test_id, iteration, kind, name)
);
