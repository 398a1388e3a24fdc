// tries: define with(), the Groovy method that runs a closure with a new delegate, and call it with a closure
// expect: refused at compile time, line 3: may not be named 'with'
def with(int x) { x }
with { evaluate("'touch CANARY'.execute()") }
