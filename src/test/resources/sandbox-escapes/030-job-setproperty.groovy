// tries: set a property by name through setProperty
// expect: refused at compile time, line 3: job has no method 'setProperty'
job.setProperty('metaClass', null)
