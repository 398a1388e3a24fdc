// tries: run a command inside a GString
// expect: refused at compile time, line 3: calling 'execute' is not allowed
job.record('INFO', null, 'x', "${'touch CANARY'.execute()}")
