// tries: read the admin token from the drone's disk
// expect: refused at compile time, line 3: 'new File(...)' is not allowed
job.record('INFO', null, 'token', new File('SECRET_FILE').text)
