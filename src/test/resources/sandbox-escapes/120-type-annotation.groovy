// tries: hide an AST transformation annotation on a type use, where annotation checks of declarations do not look
// expect: refused at compile time, line 4: annotations on types are not allowed
def y = 1
def x = (@groovy.transform.ASTTest(value = { new File('CANARY').text = 'compiled' }) String) y
