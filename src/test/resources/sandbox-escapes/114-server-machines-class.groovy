// tries: read machines['class']
// kind: server
// expect: stopped at run time, line 4: an index into a list or text is a number
def c = machines['class']
