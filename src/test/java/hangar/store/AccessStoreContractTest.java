package hangar.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hangar.lab.Caller;
import hangar.lab.JobRequest;
import hangar.lab.Protection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link UserStore}, {@link TokenStore}, {@link WebSessionStore} and the ACL rules of {@link
 * AclStore} must do on every database; run against H2, PostgreSQL and MariaDB by the subclasses.
 */
abstract class AccessStoreContractTest extends DatabaseContract {
  private UserStore users;
  private TokenStore tokens;
  private WebSessionStore sessions;
  private AclStore acls;
  private HostStore hosts;

  @BeforeEach
  void createStores() {
    users = new UserStore(database, clock);
    tokens = new TokenStore(database, clock);
    sessions = new WebSessionStore(database, clock);
    acls = new AclStore(database, clock);
    hosts = new HostStore(database, clock);
  }

  @Test
  void users_are_created_in_everyone_and_the_last_admin_stays() {
    assertThat(users.get("admin").admin()).isTrue();
    var alice = users.create("alice", false);
    assertThat(alice.aclGroups()).containsExactly("Everyone");
    assertThat(alice.accessLevel()).isZero();
    assertThatThrownBy(() -> users.create("alice", true)).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> users.create("bad login", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid");
    assertThatThrownBy(() -> users.create("x".repeat(256), false))
        .isInstanceOf(IllegalArgumentException.class);

    assertThatThrownBy(() -> users.delete("admin"))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("last admin");
    assertThatThrownBy(() -> users.setAdmin("admin", false)).isInstanceOf(ConflictException.class);
    users.setAdmin("alice", true);
    users.setAdmin("admin", false);
    assertThat(users.get("admin").admin()).isFalse();
    assertThat(users.list()).extracting(u -> u.login()).containsExactly("admin", "alice");
    users.delete("admin");
    assertThatThrownBy(() -> users.get("admin")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void a_token_is_kept_as_a_hash_works_until_it_expires_or_is_revoked() {
    users.create("alice", false);
    TokenStore.Created made = tokens.create("alice", "laptop", Duration.ofDays(2));
    assertThat(made.value()).startsWith(TokenStore.PREFIX).hasSize(TokenStore.PREFIX.length() + 64);
    assertThat(tokens.authenticate(made.value())).contains(new Caller("alice", false));
    assertThat(tokens.authenticate(made.value() + "x")).isEmpty();
    String stored =
        database
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT token_sha256 FROM api_tokens WHERE id = :id")
                        .bind("id", made.token().id())
                        .mapTo(String.class)
                        .one());
    assertThat(stored).doesNotContain(made.value()).hasSize(64);
    assertThat(tokens.list("alice").get(0).lastUsedOn()).isEqualTo(clock.instant());

    clock.advance(Duration.ofDays(2));
    assertThat(tokens.authenticate(made.value())).isEmpty();

    TokenStore.Created other = tokens.create("alice", "ci", null);
    assertThat(tokens.get(other.token().id()).name()).isEqualTo("ci");
    tokens.revoke(other.token().id());
    assertThatThrownBy(() -> tokens.get(other.token().id())).isInstanceOf(NotFoundException.class);
    assertThat(tokens.authenticate(other.value())).isEmpty();
    assertThatThrownBy(() -> tokens.revoke(other.token().id()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> tokens.create("nobody", "x", null))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> tokens.create("alice", "", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void an_adopted_token_file_is_taken_once_and_stays_revoked() {
    assertThat(tokens.adopt("admin", "admin.token", "f00d")).isTrue();
    assertThat(tokens.adopt("admin", "admin.token", "f00d")).isFalse();
    assertThat(tokens.authenticate("f00d")).contains(new Caller("admin", true));
    tokens.revoke(tokens.idOf("f00d").orElseThrow());
    assertThat(tokens.adopt("admin", "admin.token", "f00d")).isFalse();
    assertThat(tokens.authenticate("f00d")).isEmpty();
  }

  @Test
  void deleting_a_user_ends_its_tokens_and_sessions() {
    users.create("bob", false);
    TokenStore.Created token = tokens.create("bob", "t", null);
    WebSessionStore.Opened session = sessions.open("bob", Duration.ofHours(1));
    users.delete("bob");
    assertThat(tokens.authenticate(token.value())).isEmpty();
    assertThat(sessions.find(session.cookie())).isEmpty();
  }

  @Test
  void a_user_with_jobs_not_finished_is_not_deleted_and_is_told_which_to_abort() {
    users.create("bob", false);
    hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    long job =
        new JobStore(database, clock)
            .create(JobRequest.of("bob", "nightly", "job.run_test('sleeptest')", List.of("board1")))
            .job()
            .id();

    assertThatThrownBy(() -> users.delete("bob"))
        .isInstanceOf(ConflictException.class)
        .hasMessage(
            "user bob has jobs that have not finished ("
                + job
                + "): abort them ('hangar job abort "
                + job
                + "') or let them end, then delete the user");
    assertThat(users.get("bob").login()).isEqualTo("bob");
  }

  @Test
  void a_web_session_lasts_its_lifetime_and_ends_at_logout() {
    users.create("carol", false);
    WebSessionStore.Opened opened = sessions.open("carol", Duration.ofHours(1));
    assertThat(sessions.find(opened.cookie()))
        .hasValueSatisfying(
            s -> {
              assertThat(s.caller()).isEqualTo(new Caller("carol", false));
              assertThat(s.csrfToken()).hasSize(64).isNotEqualTo(opened.cookie());
            });
    clock.advance(Duration.ofMinutes(61));
    assertThat(sessions.find(opened.cookie())).isEmpty();
    WebSessionStore.Opened again = sessions.open("carol", Duration.ofHours(1));
    sessions.close(again.cookie());
    assertThat(sessions.find(again.cookie())).isEmpty();
  }

  @Test
  void failed_logins_are_counted_and_lock_out_until_a_good_one() {
    users.create("dave", false);
    Instant until = clock.instant().plusSeconds(30);
    assertThat(users.recordFailedLogin("dave", n -> null)).isEqualTo(1);
    assertThat(users.recordFailedLogin("dave", n -> until)).isEqualTo(2);
    assertThat(users.get("dave").lockedUntil()).isEqualTo(until);
    assertThat(users.recordFailedLogin("nobody", n -> until)).isZero();
    users.clearFailedLogins("dave");
    assertThat(users.get("dave").lockedUntil()).isNull();
    assertThat(users.recordFailedLogin("dave", n -> null)).isEqualTo(1);
    users.setPasswordHash("dave", "$argon2id$stand-in");
    assertThat(users.passwordHash("dave")).contains("$argon2id$stand-in");
    assertThat(users.get("dave").hasPassword()).isTrue();
  }

  @Test
  void a_host_in_a_group_leaves_everyone_and_comes_back_when_no_group_holds_it() {
    hosts.create("board1", List.of(), Protection.NO_PROTECTION);
    users.create("erin", false);
    acls.create("team-e", "erin's", "erin");
    assertThat(acls.get("team-e").users()).containsExactly("erin");
    assertThat(acls.groupsOfHost("board1")).containsExactly("Everyone");
    assertThat(acls.sharedGroups("erin", "board1", false)).containsExactly("Everyone");
    assertThat(acls.sharedGroups("erin", "board1", true)).isEmpty();

    acls.addHost("team-e", "board1");
    assertThat(acls.groupsOfHost("board1")).containsExactly("team-e");
    assertThat(acls.sharedGroups("erin", "board1", true)).containsExactly("team-e");
    assertThat(acls.isMember("team-e", "erin")).isTrue();

    acls.create("team-f", "", null);
    acls.addHost("team-f", "board1");
    acls.removeHost("team-e", "board1");
    assertThat(acls.groupsOfHost("board1")).containsExactly("team-f");
    acls.delete("team-f");
    assertThat(acls.groupsOfHost("board1")).containsExactly("Everyone");
    assertThatThrownBy(() -> acls.delete("Everyone")).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> acls.removeUser("Everyone", "erin"))
        .isInstanceOf(ConflictException.class);
    acls.removeUser("team-e", "erin");
    assertThat(acls.get("team-e").users()).isEmpty();
  }
}
