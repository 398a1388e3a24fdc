// tries: declare a variable named binding to reach the script's Binding by that name
// expect: refused at compile time, line 3: may not be named 'binding'
def binding = 1
binding.setVariable('job', null)
