/**
 * The {@code hangar host} topic: one class per action ({@code create}, {@code list}, {@code stat},
 * {@code mod}, {@code reverify}, {@code power}, {@code delete}), the options they share as picocli
 * mixins, and {@link hangar.cli.host.HostView}, which prints hosts as text.
 */
package hangar.cli.host;
