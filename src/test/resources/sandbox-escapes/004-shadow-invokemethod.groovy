// tries: define invokeMethod, then call it to dispatch to evaluate
// expect: refused at compile time, line 3: may not be named 'invokeMethod'
def invokeMethod(int x) { x }
invokeMethod('evaluate', "'touch CANARY'.execute()")
