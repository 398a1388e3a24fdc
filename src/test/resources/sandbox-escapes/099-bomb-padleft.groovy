// tries: pad a string to a billion characters
// expect: stopped at run time, line 3: text padded to 1000000000 characters is larger than
def s = 'x'.padLeft(1000000000)
