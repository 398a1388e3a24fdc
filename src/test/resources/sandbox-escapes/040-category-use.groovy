// tries: add methods to String with a category class
// expect: refused at compile time, line 3: 'use(...)' is not part of the control-file DSL
use(org.codehaus.groovy.runtime.ProcessGroovyMethods) { 'touch CANARY'.execute() }
