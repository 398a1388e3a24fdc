// tries: search text for a long needle that almost matches everywhere
// expect: stopped at run time, line 4: used up its budget
def hay = 'a' * 1000000
def found = hay.contains('a' * 500000 + 'b')
