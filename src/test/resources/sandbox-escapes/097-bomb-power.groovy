// tries: compute 2 to the 100 millionth
// expect: stopped at run time, line 3: a number of about 200000000 bits is larger than
def n = 2 ** 100000000
