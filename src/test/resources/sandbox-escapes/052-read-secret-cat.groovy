// tries: read the admin token with cat
// expect: refused at compile time, line 3: calling 'execute' is not allowed
job.record('INFO', null, 'token', 'cat SECRET_FILE'.execute().text)
