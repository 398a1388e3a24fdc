// tries: change a closure's delegate through tap {} and identity {}
// expect: refused at compile time, line 3: calling 'tap' is not allowed
[1].tap { evaluate("'touch CANARY'.execute()") }
