/**
 * The lab's nouns: hosts, labels, jobs, host queue entries, special tasks, and the status sets they
 * move through, and the rules for what users may call and write them ({@link hangar.lab.Names},
 * {@link hangar.lab.Texts}). Values only; SQL lives in {@code hangar.store}, decisions in {@code
 * hangar.scheduler}.
 */
package hangar.lab;
