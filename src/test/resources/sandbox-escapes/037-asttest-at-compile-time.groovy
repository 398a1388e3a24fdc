// tries: run code while compiling through an AST transformation annotation (@ASTTest runs its closure in the compiler)
// expect: refused at compile time, line 3: annotations such as @ASTTest are not allowed
@groovy.transform.ASTTest(value = { new File('CANARY').text = 'compiled' })
def x = 1
