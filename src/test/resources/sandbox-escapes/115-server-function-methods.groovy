// tries: call a method of parallel_simple other than call, or keep it in a map whose closures Groovy calls by key, to make DSL calls that are not charged as DSL calls
// kind: server
// expect: refused at compile time, line 4: 'parallel_simple' is called like a function
def m = [times: parallel_simple]
m.times({ h -> h }, machines)
