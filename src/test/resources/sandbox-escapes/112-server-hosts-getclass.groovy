// tries: reach a Class through the hosts object
// kind: server
// expect: refused at compile time, line 4: hosts has no method 'getClass'
def c = hosts.getClass()
