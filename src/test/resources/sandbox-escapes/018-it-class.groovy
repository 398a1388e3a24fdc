// tries: reach a Class through it.class and load Runtime
// expect: refused at compile time, line 3: reading '.class' is not allowed
['x'].each { it.class.forName('java.lang.Runtime').getRuntime().exec('touch CANARY') }
