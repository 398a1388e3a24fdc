// tries: define getProperty, then call it to read the binding
// expect: refused at compile time, line 3: may not be named 'getProperty'
def getProperty(int x) { x }
getProperty('binding')
