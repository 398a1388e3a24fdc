// tries: run a process through Runtime
// expect: refused at compile time, line 3: 'Runtime' is not allowed
Runtime.getRuntime().exec('touch CANARY')
