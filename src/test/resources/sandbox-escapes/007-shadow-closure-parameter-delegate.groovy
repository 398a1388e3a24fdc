// tries: name a closure parameter delegate, the property that decides where a closure's calls go
// expect: refused at compile time, line 3: may not be named 'delegate'
[1].each { delegate -> delegate }
