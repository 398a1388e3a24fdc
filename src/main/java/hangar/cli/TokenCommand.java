package hangar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hangar token}: per-user API tokens for the CLI and scripts. */
@Command(
    name = "token",
    description =
        "Manage API tokens: create, list, revoke. A token acts as its user; it is shown once,"
            + " when made, and the server keeps only its hash.",
    subcommands = {
      TokenCommand.CreateToken.class,
      TokenCommand.ListTokens.class,
      TokenCommand.RevokeToken.class
    })
public final class TokenCommand extends Topic {
  private static final String TOKENS = "/api/v1/tokens";

  @Command(name = "create", description = "Make a token and print it (the only time it is shown).")
  static final class CreateToken extends ApiAction {
    @Mixin JsonOption output;

    @Option(
        names = "--user",
        paramLabel = "LOGIN",
        description = "Whose token (admins only; default: yours).")
    String user;

    @Option(
        names = "--name",
        paramLabel = "NAME",
        description = "What to call it in the list, for example ci-robot (default: api).")
    String name;

    @Option(
        names = "--expires",
        paramLabel = "DAYS",
        description = "Days until it stops working (default: never).")
    Integer expires;

    @Override
    protected int execute(ApiClient client) {
      checkPositive("--expires", expires);
      ObjectNode body = ApiClient.JSON.createObjectNode();
      if (user != null) {
        body.put("user", user);
      }
      if (name != null) {
        body.put("name", name);
      }
      if (expires != null) {
        body.put("expires_days", expires);
      }
      JsonNode created = client.post(TOKENS, body);
      if (output.json) {
        printJson(created);
      } else {
        out().println(created.path("token").asText());
        err()
            .println(
                "Token "
                    + created.at("/about/id").asText()
                    + " for "
                    + created.at("/about/user").asText()
                    + ": keep it secret, it is not shown again");
      }
      return OK;
    }
  }

  @Command(name = "list", description = "List your tokens, or as an admin everybody's.")
  static final class ListTokens extends ApiAction {
    @Mixin JsonOption output;

    @Option(names = "--user", paramLabel = "LOGIN", description = "Only this user's tokens.")
    String user;

    @Override
    protected int execute(ApiClient client) {
      String path = TOKENS + (user == null ? "" : "?user=" + ApiClient.queryValue(user));
      return printRows(
          output,
          client.get(path),
          "No tokens.",
          Table.withHeaders("Id", "User", "Name", "Created", "Expires", "Last used"),
          (table, token) ->
              table.add(
                  Nodes.text(token, "id"),
                  Nodes.text(token, "user"),
                  Nodes.text(token, "name"),
                  Nodes.text(token, "created_on"),
                  token.hasNonNull("expires_on") ? Nodes.text(token, "expires_on") : "never",
                  Nodes.text(token, "last_used_on")));
    }
  }

  @Command(name = "revoke", description = "Revoke a token for good: yours, or as an admin any.")
  static final class RevokeToken extends ApiAction {
    @Parameters(paramLabel = "ID", description = "The token's id, from 'hangar token list'.")
    long id;

    @Override
    protected int execute(ApiClient client) {
      client.delete(TOKENS + "/" + id);
      out().println("Revoked token " + id);
      return OK;
    }
  }
}
