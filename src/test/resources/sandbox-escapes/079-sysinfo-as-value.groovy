// tries: hold job.sysinfo in a variable and call what the checker cannot see
// expect: stopped at run time, line 4: calling 'toString' on a ScriptSysinfo is not allowed
def s = job.sysinfo
def shown = s.toString()
