// tries: ask unique() of a million elements, which compares every pair
// expect: stopped at run time, line 4: used up its budget
def l = (1..999999).toList()
def u = l.unique()
