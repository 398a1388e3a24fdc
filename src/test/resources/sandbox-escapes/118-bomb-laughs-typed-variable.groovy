// tries: build a huge shared tree cheaply, then let a typed variable convert it to text, where no guard looks
// expect: stopped at run time, line 8: used up its budget
def leaf = []
def top = leaf
20.times { top = [top, top] }
1000.times { leaf.add(1) }
String text = 'x'
text = top
