// tries: read a field directly with .@
// expect: refused at compile time, line 3: '.@' is not allowed
def s = job.@main
