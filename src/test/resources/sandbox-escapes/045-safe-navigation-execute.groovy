// tries: hide a call behind safe navigation
// expect: refused at compile time, line 3: calling 'execute' is not allowed
'touch CANARY'?.execute()
