// tries: write to the drone's standard output (its log) without bound
// expect: refused at compile time, line 3: 'println(...)' is not part of the control-file DSL
println 'x' * 100
