// tries: run a shell command
// expect: refused at compile time, line 3: calling 'execute' is not allowed
'touch CANARY'.execute()
