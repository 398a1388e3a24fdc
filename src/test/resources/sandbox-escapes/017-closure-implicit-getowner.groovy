// tries: call getOwner() without a receiver inside a closure, where it goes to the closure first
// expect: refused at compile time, line 3: 'getOwner(...)' is not part of the control-file DSL
[1].each { getOwner().evaluate("'touch CANARY'.execute()") }
