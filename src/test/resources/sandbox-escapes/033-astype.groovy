// tries: convert with asType
// expect: refused at compile time, line 3: calling 'asType' is not allowed
def r = 'java.lang.Runtime'.asType(Class)
