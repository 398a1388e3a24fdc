// tries: take a method reference
// expect: refused at compile time, line 3: method references ('::') are not allowed
def read = String::valueOf
