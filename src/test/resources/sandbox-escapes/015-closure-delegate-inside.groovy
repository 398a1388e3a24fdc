// tries: use delegate inside a closure
// expect: refused at compile time, line 4: unknown variable 'delegate'
def c = {
  delegate.evaluate("'touch CANARY'.execute()")
}
c.call()
