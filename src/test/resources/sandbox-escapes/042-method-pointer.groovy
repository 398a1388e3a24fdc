// tries: take a method pointer to execute
// expect: refused at compile time, line 3: method pointers ('.&') are not allowed
def run = 'touch CANARY'.&execute
