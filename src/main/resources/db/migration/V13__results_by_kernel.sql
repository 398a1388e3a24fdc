-- Results read by kernel (the analysis grid's columns, a perf plot over kernels, two kernels
-- compared) find a kernel's tests through this index instead of reading every test.
CREATE INDEX result_tests_kernel_ix ON result_tests (kernel, name, status);
