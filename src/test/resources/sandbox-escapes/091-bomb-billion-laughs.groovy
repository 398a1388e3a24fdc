// tries: nest a list in itself twice per step: 2^40 elements for 40 steps, then print it
// expect: stopped at run time, line 4: used up its budget
def l = [1]
40.times { l = [l, l] }
def s = l.toString()
