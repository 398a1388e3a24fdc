// tries: replace job with a map of closures
// expect: refused at compile time, line 3: 'job' is the DSL's
job = [run_test: { n -> n }]
