// tries: load a type-checking extension script through @TypeChecked
// expect: refused at compile time, line 3: annotations such as @TypeChecked are not allowed
@groovy.transform.TypeChecked(extensions = 'evil.groovy')
def f() { 1 }
