package hangar.store;

import hangar.results.ParsedTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/** Reads the tests of one parsed folder back, with their attributes and iterations. */
final class ResultsTests {
  private ResultsTests() {}

  /** A result_tests row read, before its attributes and iterations. */
  private record TestRow(long id, ParsedTest head) {}

  /** The tests of a result_jobs row, in the order they started. */
  static List<ParsedTest> read(Handle h, long resultJobId) {
    List<TestRow> rows =
        h.createQuery("SELECT * FROM result_tests WHERE result_job_id = :id ORDER BY seq")
            .bind("id", resultJobId)
            .map(
                (rs, ctx) ->
                    new TestRow(
                        rs.getLong("id"),
                        new ParsedTest(
                            rs.getString("subdir"),
                            rs.getString("name"),
                            rs.getString("status"),
                            rs.getString("reason"),
                            Rows.instant(rs, "started_on", ctx),
                            Rows.instant(rs, "finished_on", ctx),
                            rs.getString("kernel"),
                            Map.of(),
                            List.of())))
            .list();
    Map<Long, Map<String, String>> attributes = new LinkedHashMap<>();
    h.createQuery(
            "SELECT a.test_id, a.name, a.text_value FROM result_test_attributes a"
                + " JOIN result_tests t ON t.id = a.test_id WHERE t.result_job_id = :id"
                + " ORDER BY a.test_id, a.name")
        .bind("id", resultJobId)
        .map(
            (rs, ctx) ->
                attributes
                    .computeIfAbsent(rs.getLong("test_id"), k -> new LinkedHashMap<>())
                    .put(rs.getString("name"), rs.getString("text_value")))
        .list();
    Map<Long, TreeMap<Integer, Values>> iterations = new LinkedHashMap<>();
    h.createQuery(
            "SELECT i.* FROM result_iterations i JOIN result_tests t ON t.id = i.test_id"
                + " WHERE t.result_job_id = :id ORDER BY i.test_id, i.iteration, i.kind, i.name")
        .bind("id", resultJobId)
        .map(
            (rs, ctx) -> {
              Values values =
                  iterations
                      .computeIfAbsent(rs.getLong("test_id"), k -> new TreeMap<>())
                      .computeIfAbsent(rs.getInt("iteration"), k -> new Values());
              if ("perf".equals(rs.getString("kind"))) {
                values.perf.put(rs.getString("name"), rs.getDouble("perf_value"));
              } else {
                values.attributes.put(rs.getString("name"), rs.getString("text_value"));
              }
              return values;
            })
        .list();
    List<ParsedTest> tests = new ArrayList<>(rows.size());
    for (TestRow row : rows) {
      ParsedTest t = row.head();
      List<ParsedTest.Iteration> its = new ArrayList<>();
      iterations
          .getOrDefault(row.id(), new TreeMap<>())
          .forEach((index, v) -> its.add(new ParsedTest.Iteration(index, v.attributes, v.perf)));
      tests.add(
          new ParsedTest(
              t.subdir(),
              t.name(),
              t.status(),
              t.reason(),
              t.started(),
              t.finished(),
              t.kernel(),
              attributes.getOrDefault(row.id(), Map.of()),
              its));
    }
    return tests;
  }

  /** One iteration's values while they are read. */
  private static final class Values {
    final Map<String, String> attributes = new LinkedHashMap<>();
    final Map<String, Double> perf = new LinkedHashMap<>();
  }
}
