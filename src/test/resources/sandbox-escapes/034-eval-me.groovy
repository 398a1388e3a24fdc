// tries: evaluate a string with groovy.util.Eval
// expect: refused at compile time, line 3: 'Eval' is not allowed
Eval.me("'touch CANARY'.execute()")
