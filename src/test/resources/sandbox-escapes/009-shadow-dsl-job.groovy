// tries: declare a local job to stand in for the DSL's
// expect: refused at compile time, line 3: may not be named 'job'
def job = [run_test: { n -> n }]
job.run_test('x')
