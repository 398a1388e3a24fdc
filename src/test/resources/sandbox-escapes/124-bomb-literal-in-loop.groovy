// tries: make a large list literal again and again, work a guard never sees as a call
// expect: stopped at run time, line 4: used up its budget
def all = []
while (true) { all = [all, all, all, all, all, all, all, all, all, all] }
