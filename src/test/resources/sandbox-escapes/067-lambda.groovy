// tries: write a lambda, compiled outside the closure rules
// expect: refused at compile time, line 3: lambdas are not allowed
def f = (x) -> x
