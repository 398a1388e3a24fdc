// tries: use thisObject inside a closure
// expect: refused at compile time, line 3: unknown variable 'thisObject'
[1].each { thisObject.evaluate("'touch CANARY'.execute()") }
