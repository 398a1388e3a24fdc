package hangar.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hangar.lab.AtomicGroup;
import hangar.lab.Host;
import hangar.lab.HostRequest;
import hangar.lab.HostSettings;
import hangar.lab.JobRequest;
import hangar.lab.JobStatus;
import hangar.lab.JobView;
import hangar.lab.Label;
import hangar.lab.Protection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the stores do with bad input and with paging, on every database (the subclasses): a write
 * that fails part-way writes nothing, a name the rule refuses is never stored nor looked up, the
 * schema refuses what {@code V11__name_rules} says, and pages neither skip nor repeat.
 */
abstract class InputStoreContractTest extends DatabaseContract {
  private HostStore hosts;
  private LabelStore labels;
  private AtomicGroupStore groups;
  private JobStore jobs;

  @BeforeEach
  void createStores() {
    hosts = new HostStore(database, clock);
    labels = new LabelStore(database, clock);
    groups = new AtomicGroupStore(database, clock);
    jobs = new JobStore(database, clock);
  }

  @Test
  void a_host_whose_request_fails_part_way_is_not_created_and_its_labels_are_untouched() {
    labels.create("x86", false, false);
    HostRequest request =
        new HostRequest(
            "board1",
            List.of("x86", "nosuch"),
            new HostSettings(true, "new", Protection.DO_NOT_REPAIR, "root", 22, "on", "", "", ""));

    assertThatThrownBy(() -> hosts.create(request, "alice"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageStartingWith("label 'nosuch' not found");

    assertThat(hosts.find("board1")).isEmpty();
    assertThat(hosts.listDeleted()).isEmpty();
    assertThat(labels.get("x86").hostCount()).isZero();
  }

  @Test
  void a_host_created_with_settings_has_them_all_from_one_request() {
    Host host =
        hosts.create(
            new HostRequest(
                "board1",
                List.of(),
                new HostSettings(
                    true, "cabling", null, "root", 2222, "pdu on 3", null, null, null)),
            "alice");

    assertThat(host.locked()).isTrue();
    assertThat(host.lockedBy()).isEqualTo("alice");
    assertThat(host.lockReason()).isEqualTo("cabling");
    assertThat(host.sshTarget()).isEqualTo("root@board1:2222");
    assertThat(host.commands().powerOn()).isEqualTo("pdu on 3");
    assertThat(host.protection()).isEqualTo(Protection.NO_PROTECTION);
  }

  @Test
  void names_the_rule_refuses_are_never_stored() {
    assertThatThrownBy(() -> labels.create("a b", false, false))
        .hasMessageStartingWith("label name 'a b' is not valid");
    assertThatThrownBy(() -> groups.create("rack/1", "", 2))
        .hasMessageStartingWith("atomic group name 'rack/1' is not valid");
    assertThatThrownBy(() -> hosts.create("board\u202e1", List.of(), Protection.NO_PROTECTION))
        .hasMessageStartingWith("host name 'board\\u202E1' is not valid");
    assertThatThrownBy(() -> new DroneStore(database, clock).createWorker("Worker One"))
        .hasMessageStartingWith("drone name 'Worker One' is not valid");
    assertThatThrownBy(() -> groups.create("rack1", "two\nlines", 2))
        .hasMessageStartingWith("description must be one line");

    assertThat(labels.list()).isEmpty();
    assertThat(groups.list()).isEmpty();
    assertThat(hosts.list()).isEmpty();
  }

  @Test
  void lookups_of_names_no_row_can_have_find_nothing_without_asking_the_database() {
    // PostgreSQL cannot even compare text with NUL: such a lookup must not reach it.
    for (String odd : List.of("a\u0000b", "x".repeat(300), "a b", "")) {
      assertThat(hosts.find(odd)).as(odd).isEmpty();
      assertThatThrownBy(() -> labels.get(odd)).isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> groups.get(odd)).isInstanceOf(NotFoundException.class);
    }
  }

  @Test
  void the_schema_refuses_empty_names_names_with_spaces_and_ports_out_of_range() {
    List<String> refused =
        List.of(
            "INSERT INTO labels (name) VALUES ('')",
            "INSERT INTO labels (name) VALUES ('a b')",
            "INSERT INTO atomic_groups (name, max_number_of_machines) VALUES ('r/1', 1)",
            "INSERT INTO atomic_groups (name, max_number_of_machines) VALUES ('r1', 0)",
            "INSERT INTO acl_groups (name) VALUES ('two words')");
    for (String sql : refused) {
      assertThatThrownBy(() -> database.jdbi().useHandle(h -> h.execute(sql)))
          .as(sql)
          .isInstanceOf(RuntimeException.class);
    }
    Host host = hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    assertThatThrownBy(
            () ->
                database
                    .jdbi()
                    .useHandle(
                        h ->
                            h.execute("UPDATE hosts SET ssh_port = 70000 WHERE id = ?", host.id())))
        .isInstanceOf(RuntimeException.class);
    assertThat(labels.list()).isEmpty();
  }

  @Test
  void hosts_labels_and_groups_page_by_name_without_skipping_or_repeating() {
    for (String name : List.of("e", "b", "d", "a", "c")) {
      labels.create("l-" + name, false, false);
      hosts.create("h-" + name, List.of(), Protection.NO_PROTECTION);
      groups.create("g-" + name, "", 2);
    }

    assertThat(pages(page -> hosts.list(page, false), Host::hostname))
        .containsExactly("h-a", "h-b", "|", "h-c", "h-d", "|", "h-e");
    assertThat(pages(labels::list, Label::name))
        .containsExactly("l-a", "l-b", "|", "l-c", "l-d", "|", "l-e");
    assertThat(pages(groups::list, AtomicGroup::name))
        .containsExactly("g-a", "g-b", "|", "g-c", "g-d", "|", "g-e");
    assertThat(hosts.list(new Page(2, "h-e"), false).items()).isEmpty();
  }

  @Test
  void deleted_hosts_page_on_their_own() {
    hosts.create("h-a", List.of(), Protection.NO_PROTECTION);
    hosts.create("h-b", List.of(), Protection.NO_PROTECTION);
    hosts.delete("h-b", false);

    assertThat(hosts.list(Page.first(10), true).items())
        .extracting(Host::hostname)
        .containsExactly("h-b");
    assertThat(hosts.list(Page.first(10), false).items())
        .extracting(Host::hostname)
        .containsExactly("h-a");
  }

  @Test
  void jobs_page_newest_first_by_id_and_a_status_filter_pages_too() {
    hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(jobs.create(JobRequest.of("admin", "j" + i, "pass", List.of("board1"))).job().id());
    }

    List<String> all = pages(page -> jobs.list(null, null, page), j -> j.job().name());
    assertThat(all).containsExactly("j4", "j3", "|", "j2", "j1", "|", "j0");
    assertThat(pages(page -> jobs.list("admin", JobStatus.QUEUED, page), j -> j.job().name()))
        .containsExactly("j4", "j3", "|", "j2", "j1", "|", "j0");
    Slice<JobView> older = jobs.list(null, null, new Page(10, Long.toString(ids.get(2))));
    assertThat(older.items()).extracting(j -> j.job().name()).containsExactly("j1", "j0");
    Slice<JobView> completed = jobs.list(null, JobStatus.COMPLETED, Page.first(10));
    assertThat(completed.items()).isEmpty();
    assertThat(completed.next()).isNull();
    assertThatThrownBy(() -> jobs.list(null, null, new Page(2, "j4")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("after must be a job id for a job list, was 'j4'");
  }

  @Test
  void odd_page_keys_and_filters_are_only_compared() {
    hosts.create("h-a", List.of(), Protection.NO_PROTECTION);
    labels.create("l-a", false, false);
    for (String odd : List.of("' OR '1'='1", "%", "_", "é 😀", "x".repeat(1000))) {
      assertThat(hosts.list(new Page(5, odd), false).items()).as(odd).hasSizeLessThan(2);
      assertThat(labels.list(new Page(5, odd)).items()).as(odd).hasSizeLessThan(2);
      assertThat(groups.list(new Page(5, odd)).items()).as(odd).isEmpty();
      assertThat(jobs.list(odd, null, Page.first(5)).items()).as(odd).isEmpty();
    }
    assertThatThrownBy(() -> jobs.list(null, null, new Page(5, "99999999999999999999")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_page_asks_for_1_to_1000_items_and_an_after_key_without_control_characters() {
    assertThatThrownBy(() -> new Page(0, null)).hasMessageStartingWith("limit must be 1 to 1000");
    assertThatThrownBy(() -> new Page(1001, null))
        .hasMessageStartingWith("limit must be 1 to 1000, was 1001");
    assertThatThrownBy(() -> new Page(10, "a\u0000")).hasMessageStartingWith("after must be one");
  }

  /** Every page of two items, with "|" between pages. */
  private static <T> List<String> pages(Function<Page, Slice<T>> list, Function<T, String> name) {
    List<String> names = new ArrayList<>();
    Page page = Page.first(2);
    while (true) {
      Slice<T> slice = list.apply(page);
      slice.items().forEach(item -> names.add(name.apply(item)));
      if (slice.next() == null) {
        return names;
      }
      names.add("|");
      page = new Page(2, slice.next());
    }
  }
}
