// tries: let a typed variable coerce a string into a Class (Groovy loads it)
// expect: refused at compile time, line 3: the type Class
Class c = 'java.lang.Runtime'
c.getRuntime().exec('touch CANARY')
