// tries: make a Pattern with ~ to call its methods
// expect: stopped at run time, line 3: '~' negates numbers only
def p = ~'a+'
