// tries: fetch and load code while compiling with @Grab
// expect: refused at compile time, line 3: annotations such as @Grab are not allowed
@Grab('org.example:evil:1.0')
def x = 1
