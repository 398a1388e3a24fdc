package hangar.autoserv;

/**
 * What one branch of {@code job.parallel} or {@code parallel_simple} runs: a closure of the control
 * file, run by the interpreter, whose calls land in {@code branch}.
 */
@FunctionalInterface
interface BranchBody {
  /**
   * Runs the branch to its end; an error of the control file is recorded in the branch's status
   * log, not thrown.
   *
   * @param branch the session the branch's calls go to
   * @throws InterruptedException if the session is aborted meanwhile
   */
  void run(Session branch) throws InterruptedException;
}
