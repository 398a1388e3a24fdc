// tries: test a type with instanceof
// expect: refused at compile time, line 3: instanceof is not allowed
def isText = 'x' instanceof String
