// tries: print a list that holds itself
// expect: stopped at run time, line 5: holds itself
def l = []
l.add(l)
def s = l.toString()
