// tries: reach the script through a closure's owner
// expect: refused at compile time, line 4: reading '.owner' is not allowed
def c = { 1 }
c.owner.evaluate("'touch CANARY'.execute()")
