package dev.flightwire.peer;

import static dev.flightwire.peer.Checks.checkEqual;
import static dev.flightwire.peer.Checks.fail;
import static dev.flightwire.peer.Checks.status;
import static dev.flightwire.peer.Checks.step;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightProducer;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.auth.BasicClientAuthHandler;
import org.apache.arrow.flight.auth.BasicServerAuthHandler;
import org.apache.arrow.memory.BufferAllocator;

/**
 * {@code auth:basic_proto}: Handshake carrying a serialized BasicAuth, token in
 * {@code auth-token-bin}.
 *
 * <p>Server: Arrow's v1 {@link BasicServerAuthHandler} accepting only arrow/flight; the token is the
 * username; every other call needs the token. DoAction (any type) answers one Result: the peer
 * identity.
 *
 * <p>Client: an unauthenticated DoAction and an unauthenticated ListActions must both fail with
 * UNAUTHENTICATED (C++ checks the first, Java the second); after the Handshake, DoAction with an
 * empty type must answer exactly one Result, "arrow".
 */
final class AuthBasicProtoScenario implements IntegrationScenario {
  static final String USERNAME = "arrow";
  static final String PASSWORD = "flight";

  @Override
  public FlightProducer producer(BufferAllocator allocator, Supplier<Location> self) {
    return new NoOpFlightProducer() {
      @Override
      public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
        listener.onNext(new Result(context.peerIdentity().getBytes(StandardCharsets.UTF_8)));
        listener.onCompleted();
      }
    };
  }

  @Override
  public void configure(FlightServer.Builder builder) {
    byte[] token = USERNAME.getBytes(StandardCharsets.UTF_8);
    builder.authHandler(new BasicServerAuthHandler(new BasicServerAuthHandler.BasicAuthValidator() {
      @Override
      public byte[] getToken(String username, String password) {
        if (!USERNAME.equals(username) || !PASSWORD.equals(password)) {
          throw CallStatus.UNAUTHENTICATED
              .withDescription("Username or password is invalid.").toRuntimeException();
        }
        return token.clone();
      }

      @Override
      public Optional<String> isValid(byte[] presented) {
        return presented != null && Arrays.equals(presented, token)
            ? Optional.of(USERNAME) : Optional.empty();
      }
    }));
  }

  @Override
  public void runClient(BufferAllocator allocator, Location server, FlightClient client) {
    Action action = new Action("");

    step("unauthenticated DoAction");
    expectUnauthenticated("an unauthenticated DoAction",
        () -> Checks.actionBodies(client, action).size());

    step("unauthenticated ListActions");
    expectUnauthenticated("an unauthenticated ListActions",
        () -> {
          int n = 0;
          for (Object ignored : client.listActions()) {
            n++;
          }
          return n;
        });

    step("Handshake with BasicAuth{arrow, flight}");
    client.authenticate(new BasicClientAuthHandler(USERNAME, PASSWORD));

    step("authenticated DoAction");
    List<String> results = Checks.actionResults(client, action);
    checkEqual("authenticated DoAction results", List.of(USERNAME), results);
  }

  private static void expectUnauthenticated(String what, Supplier<Integer> call) {
    int results;
    try {
      results = call.get();
    } catch (FlightRuntimeException e) {
      if (e.status().code() != FlightStatusCode.UNAUTHENTICATED) {
        throw fail(what + " failed with " + status(e) + ", expected UNAUTHENTICATED");
      }
      return;
    }
    throw fail(what + " succeeded (" + results + " results), expected UNAUTHENTICATED");
  }
}
