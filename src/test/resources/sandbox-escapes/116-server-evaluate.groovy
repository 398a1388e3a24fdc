// tries: call Script.evaluate from a server-side file
// kind: server
// expect: refused at compile time, line 4: 'evaluate(...)' is not part of the control-file DSL
evaluate("'touch CANARY'.execute()")
