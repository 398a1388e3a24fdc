// tries: use << on a process to feed it a shell
// expect: refused at compile time, line 3: calling 'execute' is not allowed
def p = 'sh'.execute()
p << 'touch CANARY'
