-- Each kernel's results summed: how many runs of each test ended in each status, and how many
-- values of each perf metric each test measured with their total. Two kernels compare from these
-- few rows instead of every iteration of every run. ResultsDbStore keeps them in step with
-- result_tests and result_iterations in the transaction that writes those; they start from what
-- is already there.
CREATE TABLE result_kernel_outcomes (
  kernel VARCHAR(255) NOT NULL,
  test VARCHAR(255) NOT NULL,
  status VARCHAR(16) NOT NULL,
  runs BIGINT NOT NULL,
  PRIMARY KEY (kernel, test, status)
);

CREATE TABLE result_kernel_perf (
  kernel VARCHAR(255) NOT NULL,
  test VARCHAR(255) NOT NULL,
  metric VARCHAR(255) NOT NULL,
  n_values BIGINT NOT NULL,
  total DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (kernel, test, metric)
);

INSERT INTO result_kernel_outcomes (kernel, test, status, runs)
SELECT kernel, name, status, COUNT(*) FROM result_tests GROUP BY kernel, name, status;

INSERT INTO result_kernel_perf (kernel, test, metric, n_values, total)
SELECT t.kernel, t.name, i.name, COUNT(*), SUM(i.perf_value)
FROM result_tests t JOIN result_iterations i ON i.test_id = t.id
WHERE i.kind = 'perf' AND i.perf_value IS NOT NULL
GROUP BY t.kernel, t.name, i.name;
