// tries: call a method of parallel_simple other than call
// kind: server
// expect: stopped at run time, line 4: call it like a function
parallel_simple.each { it }
