// tries: read x['class'], which Groovy turns into getClass() on anything but a map
// expect: stopped at run time, line 4: an index into a list or text is a number
def x = ['touch CANARY']
def c = x['class']
