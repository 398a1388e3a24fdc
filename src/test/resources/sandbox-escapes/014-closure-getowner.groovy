// tries: reach the script through getOwner()
// expect: refused at compile time, line 4: calling 'getOwner' is not allowed
def c = { 1 }
c.getOwner().evaluate("'touch CANARY'.execute()")
