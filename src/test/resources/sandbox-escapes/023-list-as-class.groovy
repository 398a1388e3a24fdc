// tries: coerce a list to Class
// expect: refused at compile time, line 3: converting to Class is not allowed
def c = ['java.lang.Runtime'] as Class
