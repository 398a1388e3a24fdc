// tries: declare an array type
// expect: refused at compile time, line 3: the type String[]
String[] a = ['x']
