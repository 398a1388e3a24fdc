// tries: write a binding variable by assigning without def
// expect: refused at compile time, line 3: unknown variable 'token'
token = 'x'
