// tries: call evaluate on this
// expect: refused at compile time, line 3: 'this' is not allowed
this.evaluate("'touch CANARY'.execute()")
