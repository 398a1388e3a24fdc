// tries: reach a Class through getClass()
// expect: refused at compile time, line 3: calling 'getClass' is not allowed
def r = 'x'.getClass().forName('java.lang.Runtime')
