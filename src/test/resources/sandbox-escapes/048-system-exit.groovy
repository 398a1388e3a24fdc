// tries: stop the drone's JVM
// expect: refused at compile time, line 3: 'System' is not allowed
System.exit(3)
