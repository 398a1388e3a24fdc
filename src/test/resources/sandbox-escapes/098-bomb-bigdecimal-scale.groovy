// tries: make a decimal with a billion zeros, then its integer value
// expect: stopped at run time, line 3: scale -999999999 is larger than
def n = '1e999999999'.toBigDecimal()
def i = n.toInteger()
