// tries: keep a closure under the key evaluate and call it: it is the file's own closure, not Script.evaluate
// expect: harmless
def m = [evaluate: { s -> s }]
def s = m.get('evaluate').call("'touch CANARY'.execute()")
job.record('INFO', null, 'got', s)
