// tries: coerce a map of closures to an interface
// expect: refused at compile time, line 3: converting to Runnable is not allowed
def r = [run: { -> 'touch CANARY'.execute() }] as Runnable
