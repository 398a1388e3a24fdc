// tries: split a command into words without running it
// expect: harmless
def words = 'touch CANARY'.split(' ')
job.record('INFO', null, 'words', "${words.size()}")
