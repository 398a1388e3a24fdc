// tries: recurse through job.parallel, each level on a fresh thread whose own stack starts empty
// expect: stopped at run time, line 3: nest deeper than 64 calls
def dive(n) { job.parallel({ dive(n + 1) }) }
dive(0)
