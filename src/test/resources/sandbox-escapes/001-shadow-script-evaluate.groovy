// tries: define a method named like Script.evaluate, then call it with a string: the call would reach Script.evaluate and run the string outside the sandbox (the reported escape)
// expect: refused at compile time, line 3: may not be named 'evaluate'
def evaluate(int x) { x }
evaluate("'touch CANARY'.execute()")
