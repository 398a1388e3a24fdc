// tries: set a closure's resolveStrategy with c['resolveStrategy'] = ...
// expect: stopped at run time, line 4: assigning to x[...] of a
def c = { 1 }
c['resolveStrategy'] = 1
