// tries: double a string until memory runs out
// expect: stopped at run time, line 4: characters is larger than
def s = 'x'
64.times { s = s + s }
