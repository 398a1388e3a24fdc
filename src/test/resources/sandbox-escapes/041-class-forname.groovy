// tries: load a class by name
// expect: refused at compile time, line 3: 'Class' is not allowed
Class.forName('java.lang.Runtime').getRuntime().exec('touch CANARY')
