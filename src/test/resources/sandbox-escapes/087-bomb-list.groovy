// tries: grow a list without end
// expect: stopped at run time, line 4: used up its budget
def l = []
while (true) { l.add(l.size()) }
