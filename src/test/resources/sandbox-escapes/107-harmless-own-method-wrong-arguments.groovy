// tries: call the file's own method with other arguments, hoping Groovy falls back to a Script method
// expect: harmless
def label(int x) { x }
try {
  label("'touch CANARY'.execute()")
} catch (e) {
  job.record('INFO', null, 'caught', "$e".take(40))
}
