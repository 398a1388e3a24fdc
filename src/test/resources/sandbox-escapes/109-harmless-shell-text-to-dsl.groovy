// tries: hand shell syntax to the status log as text
// expect: harmless
job.record('INFO', null, 'x', '$(touch CANARY)`touch CANARY`')
