// tries: reach the TestHost behind a host, which runs commands on the drone
// kind: server
// expect: refused at compile time, line 5: calling 'host' is not allowed
def h = hosts.create(machines[0])
def inner = h.host()
