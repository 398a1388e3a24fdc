// tries: increment a property
// expect: refused at compile time, line 4: '++' and '--' work on local variables only
def m = [a: 1]
m.a++
