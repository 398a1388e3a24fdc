// tries: read a property by name through getProperty
// expect: refused at compile time, line 3: job has no method 'getProperty'
job.getProperty('binding')
