// tries: get a Matcher through =~
// expect: refused at compile time, line 3: '=~' is not allowed
def m = 'abc' =~ /b/
