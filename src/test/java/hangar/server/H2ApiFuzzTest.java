package hangar.server;

import static org.assertj.core.api.Assertions.assertThat;

import hangar.config.DbType;
import hangar.server.FuzzRoutes.Route;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fuzz on H2, and two more that need no other database: query values and tokens are checked
 * before any SQL runs (control characters in a query never reach a route; {@code
 * InputStoreContractTest} pages with odd keys on every database).
 */
class H2ApiFuzzTest extends ApiFuzzTest {
  @Override
  DbType type() {
    return DbType.H2;
  }

  @Test
  void malformed_query_values_get_a_clean_answer() {
    for (Route route : routes.values()) {
      // Writes go to names that do not exist, so a value the route ignores harms no fixture.
      Map<String, String> absent = new LinkedHashMap<>(route.params());
      if (WRITES.contains(route.method())) {
        absent.replaceAll((k, v) -> "no-such-" + k);
      }
      List<String> names = new ArrayList<>(route.query());
      names.add("no_such_parameter");
      for (String name : names) {
        for (String value : BadInputs.QUERY_VALUES) {
          String path = route.path(absent) + "?" + name + "=" + value;
          String body = route.body() == null ? null : route.body().get().toString();
          attempt(route, path, body, "?" + name + "=" + FuzzClient.abbreviate(value));
        }
      }
    }
    report();
  }

  @Test
  void writes_without_the_token_are_refused_cleanly_and_change_nothing() {
    for (Route route : routes.values()) {
      if (!WRITES.contains(route.method()) || FuzzRoutes.OPEN_WRITES.contains(route.key())) {
        continue;
      }
      String body = route.body() == null ? null : route.body().get().toString();
      for (String authorization :
          new String[] {
            null, "Bearer wrong", "Basic YWRtaW46YWRtaW4=", "Bearer " + "x".repeat(4000)
          }) {
        String before = snapshot();
        HttpResponse<String> answer =
            client.send(route.method(), route.validPath(), body, authorization);
        check(route.key() + " with Authorization " + authorization, answer, before);
        assertThat(answer.statusCode()).as(route.key()).isEqualTo(401);
      }
    }
    report();
  }
}
