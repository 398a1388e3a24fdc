// tries: declare a static method, where this is a class
// expect: refused at compile time, line 3: static methods are not allowed
static def f() { 1 }
