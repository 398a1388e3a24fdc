// tries: define a class with a static initialiser
// expect: refused at compile time, line 3: definitions are not allowed
class Evil { static { 'touch CANARY'.execute() } }
