package dev.flightwire.peer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.auth.BasicServerAuthHandler;
import org.apache.arrow.flight.auth2.BasicCallHeaderAuthenticator;
import org.apache.arrow.flight.auth2.GeneratedBearerTokenAuthenticator;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The two Flight authentication conventions with Arrow Java's own implementations, as a server or
 * a client, for the flightwire wire tests:
 *
 * <pre>
 *   basic-server  --port P   handshake: BasicServerAuthHandler (arrow/flight, token = username)
 *   basic-client  --port P   unauthenticated DoAction refused, then authenticateBasic -> "arrow"
 *   header-server --port P   auth2: GeneratedBearerTokenAuthenticator over Basic (user/pass)
 *   header-client --port P   wrong password refused, authenticateBasicToken -> bearer -> "user"
 * </pre>
 *
 * DoAction answers one Result with the peer identity. Servers print
 * {@code Server listening on localhost:<port>} and stop at stdin EOF; clients print
 * {@code PASS <mode>} or {@code FAIL <mode>: reason} and exit 0/1.
 */
public final class AuthPeer {
  private AuthPeer() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    int port = 0;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--port")) {
        port = Integer.parseInt(args[++i]);
      }
    }
    try (BufferAllocator allocator = new RootAllocator()) {
      switch (mode) {
        case "basic-server":
        case "header-server":
          serve(allocator, port, mode.equals("basic-server"));
          return;
        case "basic-client":
        case "header-client":
          String failure = mode.equals("basic-client") ? basicClient(allocator, port) : headerClient(allocator, port);
          System.out.println(failure == null ? "PASS " + mode : "FAIL " + mode + ": " + failure);
          System.out.flush();
          System.exit(failure == null ? 0 : 1);
          return;
        default:
          throw new IllegalArgumentException("unknown mode " + mode);
      }
    }
  }

  private static final class WhoAmI extends NoOpFlightProducer {
    @Override
    public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
      listener.onNext(new Result(context.peerIdentity().getBytes(StandardCharsets.UTF_8)));
      listener.onCompleted();
    }
  }

  private static void serve(BufferAllocator allocator, int port, boolean handshake) throws Exception {
    FlightServer.Builder b = FlightServer.builder(allocator, Location.forGrpcInsecure("localhost", port), new WhoAmI());
    if (handshake) {
      byte[] token = "arrow".getBytes(StandardCharsets.UTF_8);
      b.authHandler(new BasicServerAuthHandler(new BasicServerAuthHandler.BasicAuthValidator() {
        @Override
        public byte[] getToken(String username, String password) {
          if (!"arrow".equals(username) || !"flight".equals(password)) {
            throw CallStatus.UNAUTHENTICATED.withDescription("invalid username or password").toRuntimeException();
          }
          return token;
        }

        @Override
        public Optional<String> isValid(byte[] t) {
          return t != null && Arrays.equals(t, token) ? Optional.of("arrow") : Optional.empty();
        }
      }));
    } else {
      b.headerAuthenticator(new GeneratedBearerTokenAuthenticator(new BasicCallHeaderAuthenticator((user, pass) -> {
        if (!"user".equals(user) || !"pass".equals(pass)) {
          throw CallStatus.UNAUTHENTICATED.withDescription("invalid username or password").toRuntimeException();
        }
        return () -> user;
      })));
    }
    try (FlightServer server = b.build().start()) {
      System.out.println("Server listening on localhost:" + server.getPort());
      System.out.flush();
      while (System.in.read() >= 0) {
        // serve until stdin closes
      }
      server.shutdown();
    }
  }

  private static List<String> whoami(FlightClient client, CallOption... options) {
    List<String> out = new ArrayList<>();
    client.doAction(new Action("whoami"), options)
        .forEachRemaining(r -> out.add(new String(r.getBody(), StandardCharsets.UTF_8)));
    return out;
  }

  private static boolean unauthenticated(Runnable call) {
    try {
      call.run();
      return false;
    } catch (FlightRuntimeException e) {
      return e.status().code() == FlightStatusCode.UNAUTHENTICATED;
    }
  }

  private static String basicClient(BufferAllocator allocator, int port) throws Exception {
    try (FlightClient client = FlightClient.builder(allocator, Location.forGrpcInsecure("localhost", port)).build()) {
      if (!unauthenticated(() -> whoami(client))) {
        return "an unauthenticated DoAction was not refused with UNAUTHENTICATED";
      }
      client.authenticateBasic("arrow", "flight");
      List<String> who = whoami(client);
      return who.equals(List.of("arrow")) ? null : "expected [arrow], got " + who;
    }
  }

  private static String headerClient(BufferAllocator allocator, int port) throws Exception {
    try (FlightClient client = FlightClient.builder(allocator, Location.forGrpcInsecure("localhost", port)).build()) {
      if (!unauthenticated(() -> client.authenticateBasicToken("user", "wrong"))) {
        return "a wrong password was not refused with UNAUTHENTICATED";
      }
      Optional<CredentialCallOption> bearer = client.authenticateBasicToken("user", "pass");
      if (bearer.isEmpty()) {
        return "no bearer token came back";
      }
      List<String> who = whoami(client, bearer.get());
      return who.equals(List.of("user")) ? null : "expected [user], got " + who;
    }
  }
}
