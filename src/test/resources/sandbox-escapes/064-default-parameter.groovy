// tries: run code in a default parameter value, which the checker's method walk would not see
// expect: refused at compile time, line 3: default values of parameters are not allowed
def f(x = 'touch CANARY'.execute()) { x }
f()
