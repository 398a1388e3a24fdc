// tries: spin in a finally block after the budget ran out
// expect: stopped at run time, line 6: used up its budget
try {
  while (true) { }
} finally {
  while (true) { }
}
