// tries: read the binding
// expect: refused at compile time, line 3: unknown variable 'binding'
def vars = binding.variables
