// tries: define a trait
// expect: refused at compile time, line 3: definitions are not allowed
trait Evil { def go() { 'touch CANARY'.execute() } }
