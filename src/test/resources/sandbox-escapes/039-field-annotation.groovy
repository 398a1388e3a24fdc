// tries: make a script field with @Field
// expect: refused at compile time, line 3: annotations such as @Field are not allowed
@groovy.transform.Field def secret = 1
