// tries: make a billion-character string
// expect: stopped at run time, line 3: text of about 1000000000 characters is larger than
def s = 'x' * 1000000000
