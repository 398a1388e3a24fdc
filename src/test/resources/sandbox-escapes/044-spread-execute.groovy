// tries: spread a call over a list
// expect: refused at compile time, line 3: the spread operator '*.' is not allowed
['touch CANARY']*.execute()
