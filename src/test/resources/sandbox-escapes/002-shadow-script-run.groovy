// tries: define run(String) so that a call with other arguments reaches Script.run
// expect: refused at compile time, line 3: may not be named 'run'
def run(String what) { what }
run('x')
