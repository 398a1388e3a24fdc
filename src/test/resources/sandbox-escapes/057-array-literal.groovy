// tries: make an array
// expect: refused at compile time, line 3: arrays are not allowed
def a = new String[10]
