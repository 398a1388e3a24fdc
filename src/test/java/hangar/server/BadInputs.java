package hangar.server;

import java.util.List;

/**
 * Malformed inputs, as the raw text a client can send: whole JSON bodies, values put in place of
 * one field of a valid body, path segments (already percent-encoded) and query values.
 */
final class BadInputs {
  private BadInputs() {}

  /** Past Javalin's 1 MB request limit. */
  static final String HUGE_BODY = "{\"name\": \"" + "x".repeat(1_100_000) + "\"}";

  /** Whole bodies that are not the object a route reads. */
  static final List<String> BODIES =
      List.of(
          "null",
          "[]",
          "[null]",
          "\"text\"",
          "0",
          "-1",
          "1e99999",
          "true",
          "{\"no_such_field\": 1}",
          "{",
          "",
          "{\"a\":",
          "\u0000",
          "{\"name\": \"\\ud800\"}",
          "[".repeat(3000) + "]".repeat(3000),
          "{\"a\": " + "9".repeat(5000) + "}",
          "\uFEFF{}",
          "{'single': 'quotes'}",
          "{} {}");

  /** JSON values put in place of one field of a valid body. */
  static final List<String> VALUES =
      List.of(
          "null",
          "\"\"",
          "\" \"",
          "\"" + "x".repeat(256) + "\"",
          "\"" + "x".repeat(100_000) + "\"",
          "\"a\\u0000b\"",
          "\"a\\r\\nb\"",
          "\"a\\nb\"",
          "\"\\u202eevil\"",
          "\"\\u001b[31mred\"",
          "\"a\\tb\"",
          "\"\\ud800\"",
          "\"\\u0085next\"",
          "\"../../etc/passwd\"",
          "\"a/b\"",
          "\"a b\"",
          "\"-x\"",
          "\"\u00e9t\u00e9\"",
          "\"\\ud83d\\ude00\"",
          "0",
          "-1",
          "2147483648",
          "-2147483649",
          "99999999999999999999999999999999999999",
          "1e308",
          "-1e308",
          "1e99999",
          "1.5",
          "true",
          "[]",
          "[null]",
          "[\"" + "x".repeat(300) + "\"]",
          "[\"a\\u0000\"]",
          "[\"\"]",
          "[1]",
          "[[]]",
          "{}",
          "{\"a\": 1}");

  /** Path segments, percent-encoded as a client sends them. */
  static final List<String> SEGMENTS =
      List.of(
          "%00",
          "a%00b",
          "%0d%0a",
          "%1b%5b31m",
          "%e2%80%ae",
          "%ff",
          "%c0%ae%c0%ae",
          "..",
          "%2e%2e",
          "a%2fb",
          "a%20b",
          "%25",
          "-1",
          "0",
          "1.5",
          "99999999999999999999",
          "x".repeat(300),
          "x".repeat(6000));

  /** Query values, percent-encoded. */
  static final List<String> QUERY_VALUES =
      List.of(
          "",
          "-1",
          "0",
          "abc",
          "1.5",
          "99999999999999999999",
          "2147483648",
          "1e3",
          "%00",
          "%e2%80%ae",
          "%0d%0a",
          "%ff",
          "true%00",
          "x".repeat(3000));
}
