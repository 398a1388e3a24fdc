// tries: catch the budget's refusal and spin again
// expect: stopped at run time, line 4: used up its budget
while (true) {
  try { while (true) { } } catch (e) { }
}
