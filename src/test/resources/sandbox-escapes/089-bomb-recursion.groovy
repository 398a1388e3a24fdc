// tries: recurse until the drone thread's stack overflows
// expect: stopped at run time, line 3: nest deeper than 64 calls
def f(n) { f(n + 1) }
f(0)
