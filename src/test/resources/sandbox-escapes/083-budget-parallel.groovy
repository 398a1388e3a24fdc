// tries: spin in two parallel branches at once
// expect: stopped at run time, line 3: used up its budget
job.parallel({ while (true) { } }, { while (true) { } })
