package dev.flightwire.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightUnauthenticatedError;
import dev.flightwire.auth.AuthReader;
import dev.flightwire.auth.AuthSender;
import dev.flightwire.auth.ClientAuthHandler;
import dev.flightwire.auth.ServerAuthHandler;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * The seed's "Authentication Example" in Java, on the handshake convention: the client sends a
 * user name and a password as two handshake messages, the server answers with a token, and the
 * client sends that token (header {@code auth-token-bin}) on every later call.
 * Serve with {@code FlightServer.builder(...).authHandler(new AuthExample.SimpleAuthHandler())}.
 */
public final class AuthExample {
  private AuthExample() {}

  /** Server side: checks the credentials, issues {@code token-<user>}, validates it on each call. */
  public static final class SimpleAuthHandler implements ServerAuthHandler {
    private final Map<String, String> validTokens = Map.of("user123", "secret456");

    @Override
    public void authenticate(AuthSender outgoing, AuthReader incoming) {
      byte[] username = incoming.read();
      byte[] password = incoming.read();
      if (username == null || password == null
          || !new String(password, UTF_8).equals(validTokens.get(new String(username, UTF_8)))) {
        throw new FlightUnauthenticatedError("Invalid credentials");
      }
      outgoing.write(("token-" + new String(username, UTF_8)).getBytes(UTF_8));
    }

    @Override
    public String isValid(byte[] token) {
      String text = token == null ? "" : new String(token, UTF_8);
      if (text.startsWith("token-") && validTokens.containsKey(text.substring(6))) {
        return text.substring(6);   // the peer identity handlers see in ServerCallContext
      }
      return null;                  // refused with UNAUTHENTICATED
    }
  }

  /** Client side: sends the credentials, keeps the token the server answers with. */
  public static final class SimpleClientAuthHandler implements ClientAuthHandler {
    private final String username;
    private final String password;
    private byte[] token;

    public SimpleClientAuthHandler(String username, String password) {
      this.username = username;
      this.password = password;
    }

    @Override
    public void authenticate(AuthSender outgoing, AuthReader incoming) {
      outgoing.write(username.getBytes(UTF_8));
      outgoing.write(password.getBytes(UTF_8));
      token = incoming.read();
    }

    @Override
    public byte[] getToken() {
      return token;
    }
  }

  static void run(String location, PrintStream out) {
    try (FlightClient client = FlightClient.connect(location)) {
      client.authenticate(new SimpleClientAuthHandler("user123", "secret456"));
      List<FlightInfo> flights = client.listFlights().toList();
      out.println("Found " + flights.size() + " flights");
    }
  }

  public static void main(String[] args) {
    run(args.length > 0 ? args[0] : "grpc://localhost:8815", System.out);
  }
}
