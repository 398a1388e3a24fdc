// tries: call a method whose name is computed in a GString
// expect: refused at compile time, line 4: method names must be written out
def name = 'eval' + 'uate'
job."${name}"("'touch CANARY'.execute()")
