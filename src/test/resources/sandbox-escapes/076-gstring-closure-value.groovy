// tries: put a closure in a GString, which calls it with a Writer
// expect: stopped at run time, line 4: a closure inside "${...}" is not allowed
def c = { w -> w << 'x' }
def s = "${c}"
