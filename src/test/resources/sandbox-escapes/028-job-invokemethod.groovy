// tries: dispatch any method through invokeMethod
// expect: refused at compile time, line 3: job has no method 'invokeMethod'
job.invokeMethod('getClass', null)
