// tries: replace the empty string, which matches between every character
// expect: stopped at run time, line 3: characters is larger than
def s = ('x' * 1000000).replace('', 'yyyy')
