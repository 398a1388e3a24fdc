// tries: increment a long text in a loop: each ++ copies the whole text without a method call to guard
// expect: stopped at run time, line 4: used up its budget
def s = 'a' * 3000000
while (true) { s++ }
