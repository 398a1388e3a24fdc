// tries: assign far past a list's end, which fills it with nulls
// expect: stopped at run time, line 4: a list of 100000000 elements is larger than
def l = []
l[100000000] = 1
