// tries: call evaluate on super
// expect: refused at compile time, line 3: 'super' is not allowed
super.evaluate("'touch CANARY'.execute()")
