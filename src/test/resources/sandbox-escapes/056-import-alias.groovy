// tries: import a class under another name
// expect: refused at compile time, line 3: imports (also static and aliased ones) are not allowed
import java.lang.Runtime as Job
