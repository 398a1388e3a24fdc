// tries: build a shared tree cheaply, grow its leaf afterwards, then hash it inside groupBy where no guard looks
// expect: stopped at run time, line 7: used up its budget
def leaf = []
def top = leaf
20.times { top = [top, top] }
1000.times { leaf.add(1) }
def grouped = [1].groupBy { top }
