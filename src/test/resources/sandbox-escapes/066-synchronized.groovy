// tries: lock a shared object forever
// expect: refused at compile time, line 3: synchronized is not allowed
synchronized (job) {
  while (true) { }
}
