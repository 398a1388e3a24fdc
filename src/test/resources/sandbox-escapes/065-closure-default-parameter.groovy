// tries: run code in a closure parameter's default value
// expect: refused at compile time, line 3: default values of parameters are not allowed
def c = { x = 'touch CANARY'.execute() -> x }
