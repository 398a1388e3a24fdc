/**
 * The lab's nouns: hosts, labels, jobs, host queue entries, special tasks, and the status sets they
 * move through. Values only; SQL lives in {@code hangar.store}, decisions in {@code
 * hangar.scheduler}.
 */
package hangar.lab;
