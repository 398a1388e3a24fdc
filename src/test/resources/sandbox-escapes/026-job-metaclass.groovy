// tries: reach the job's metaClass to add a method
// expect: refused at compile time, line 3: reading '.metaClass' is not allowed
job.metaClass.evil = { -> 'touch CANARY'.execute() }
