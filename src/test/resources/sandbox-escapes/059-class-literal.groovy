// tries: name a class literal
// expect: refused at compile time, line 3: 'String' is not allowed
def c = String.class
