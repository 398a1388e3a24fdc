// tries: multiply text through $0 in a replacement
// expect: stopped at run time, line 4: group references
def s = 'a' * 1000
def t = s.replaceAll('a', '$0' * 10000)
