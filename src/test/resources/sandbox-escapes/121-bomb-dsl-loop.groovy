// tries: write status lines without end through the DSL itself (each DSL call costs 1000 steps: about ten thousand per session)
// expect: stopped at run time, line 5: used up its budget
def n = 0
while (true) {
  job.record('INFO', null, 'flood', "line ${n++}")
}
