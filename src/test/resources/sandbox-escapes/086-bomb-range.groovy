// tries: make a range of a billion numbers and a list of it
// expect: stopped at run time, line 3: a range of 999999999 elements is larger than
def l = (1..1000000000).toList()
