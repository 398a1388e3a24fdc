// tries: call methods on a caught exception, which is not a value of the file's own
// expect: stopped at run time, line 7: is not allowed in a control file; a control file calls methods on its own
try {
  def x = null
  x.size()
} catch (e) {
  e.find { true }
}
