// tries: run a closure with a new delegate through with {}
// expect: refused at compile time, line 3: calling 'with' is not allowed
'touch CANARY'.with { execute() }
