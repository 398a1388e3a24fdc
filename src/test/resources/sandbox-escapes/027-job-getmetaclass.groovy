// tries: reach the metaClass by its getter
// expect: refused at compile time, line 3: job has no method 'getMetaClass'
job.getMetaClass().invokeMethod(job, 'evaluate', 'x')
