// tries: let a method's return type coerce a string into a Class
// expect: refused at compile time, line 3: the type Class
Class runtime() { 'java.lang.Runtime' }
