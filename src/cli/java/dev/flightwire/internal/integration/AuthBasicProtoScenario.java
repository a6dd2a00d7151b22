package dev.flightwire.internal.integration;

import static dev.flightwire.internal.integration.IntegrationFailure.check;
import static dev.flightwire.internal.integration.IntegrationFailure.checkEquals;
import static dev.flightwire.internal.integration.IntegrationFailure.expectFailure;

import dev.flightwire.Action;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightUnauthenticatedError;
import dev.flightwire.Result;
import dev.flightwire.ServerCallContext;
import dev.flightwire.auth.BasicClientAuthHandler;
import dev.flightwire.auth.BasicServerAuthHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * {@code auth:basic_proto}: the handshake convention with BasicAuth{arrow, flight}; the token is
 * the user name; DoAction answers the peer identity.
 */
final class AuthBasicProtoScenario implements Scenario {
  static final String USER = "arrow";
  static final String PASSWORD = "flight";

  @Override
  public FlightServerBase service(BufferAllocator allocator) {
    return new FlightServerBase() {
      @Override
      public Iterable<Result> doAction(ServerCallContext context, Action action) {
        return List.of(Result.of(context.peerIdentity()));
      }
    };
  }

  @Override
  public void configureServer(FlightServer.Builder builder) {
    builder.authHandler(new BasicServerAuthHandler(new BasicServerAuthHandler.Validator() {
      @Override
      public byte[] getToken(String username, String password) {
        if (!USER.equals(username) || !PASSWORD.equals(password)) {
          throw new FlightUnauthenticatedError("invalid username or password");
        }
        return username.getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public String isValid(byte[] token) {
        String user = new String(token, StandardCharsets.UTF_8);
        return USER.equals(user) ? user : null;
      }
    }));
  }

  @Override
  public void runClient(BufferAllocator allocator, FlightClient client) {
    expectFailure(FlightUnauthenticatedError.class, "DoAction before authenticating",
        () -> client.doAction(new Action("")).toList());
    client.authenticate(new BasicClientAuthHandler(USER, PASSWORD));
    List<Result> results = client.doAction(new Action("")).toList();
    check(results.size() == 1, "DoAction after authenticating: expected one result, got " + results.size());
    checkEquals(USER, results.get(0).bodyAsString(), "peer identity returned by DoAction");
  }
}
