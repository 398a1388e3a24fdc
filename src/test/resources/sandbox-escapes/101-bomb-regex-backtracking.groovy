// tries: match a pattern that backtracks exponentially (2^40 ways to split the a's); a thread interrupt does not stop the JDK's matcher
// expect: stopped at run time, line 4: used up its budget
def s = 'a' * 40 + '!'
def m = s ==~ /((a+)+)+b/
