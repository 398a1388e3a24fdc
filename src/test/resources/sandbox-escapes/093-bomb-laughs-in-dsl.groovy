// tries: hand a huge shared tree to the DSL, which would print it
// expect: stopped at run time, line 7: used up its budget
def leaf = []
def top = leaf
20.times { top = [top, top] }
1000.times { leaf.add(1) }
job.write_perf_keyval(tree: top)
