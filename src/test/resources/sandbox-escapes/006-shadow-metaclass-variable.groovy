// tries: declare a variable named metaClass
// expect: refused at compile time, line 3: may not be named 'metaClass'
def metaClass = [:]
