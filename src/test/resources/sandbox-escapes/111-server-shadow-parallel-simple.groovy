// tries: define a method named like the DSL's parallel_simple
// kind: server
// expect: refused at compile time, line 4: may not be named 'parallel_simple': that is the DSL's
def parallel_simple(a, b) { a }
