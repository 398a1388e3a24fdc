// tries: spin forever server-side
// kind: server
// expect: stopped at run time, line 4: used up its budget
while (true) { }
