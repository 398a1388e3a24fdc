// tries: spin forever (a thread interrupt would stop it only at an abort)
// expect: stopped at run time, line 4: used up its budget
def n = 0
while (true) { n++ }
