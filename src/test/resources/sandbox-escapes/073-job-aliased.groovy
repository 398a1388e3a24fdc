// tries: call a DSL method through an alias, where the checker cannot see it is job
// expect: refused at compile time, line 4: calling 'run_test' is not allowed
def j = job
j.run_test('sleeptest', 0)
