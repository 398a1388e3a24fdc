// tries: read m['class'] of a map: a map's own key, not its class
// expect: harmless
def m = [:]
def c = m['class']
job.record('INFO', null, 'class', "${c}")
