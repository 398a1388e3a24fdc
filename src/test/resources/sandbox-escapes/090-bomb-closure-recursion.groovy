// tries: recurse through a closure
// expect: stopped at run time, line 4: nest deeper than 64 calls
def c
c = { n -> c.call(n + 1) }
c.call(0)
