// tries: catch the sandbox's own refusals (they are Errors) to carry on
// expect: refused at compile time, line 3: a control file catches only Exception
try { while (true) { } } catch (Throwable t) { }
