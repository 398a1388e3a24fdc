// tries: make assert render a huge value
// expect: stopped at run time, line 7: used up its budget
def leaf = []
def top = leaf
20.times { top = [top, top] }
1000.times { leaf.add(1) }
assert top == 1
