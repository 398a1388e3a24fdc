// tries: make a GroovyShell and evaluate with it
// expect: refused at compile time, line 3: 'new GroovyShell(...)' is not allowed
new GroovyShell().evaluate("'touch CANARY'.execute()")
