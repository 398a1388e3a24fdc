// tries: make Groovy render a huge value in a MissingMethodException message
// expect: stopped at run time, line 8: used up its budget
def leaf = []
def top = leaf
20.times { top = [top, top] }
1000.times { leaf.add(1) }
def f(int x) { x }
f(top)
