// tries: import a static method
// expect: refused at compile time, line 3: imports (also static and aliased ones) are not allowed
import static java.lang.Runtime.getRuntime
getRuntime().exec('touch CANARY')
