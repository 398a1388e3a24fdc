// tries: use a huge shared tree as a map key, which hashes it
// expect: stopped at run time, line 7: used up its budget
def leaf = []
def top = leaf
20.times { top = [top, top] }
1000.times { leaf.add(1) }
def m = [(top): 1]
