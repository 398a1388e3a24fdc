// tries: call Script.evaluate without a receiver
// expect: refused at compile time, line 3: 'evaluate(...)' is not part of the control-file DSL
evaluate("'touch CANARY'.execute()")
