package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.FlightCallOptions;
import dev.flightwire.Location;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LOCATION and the connection options, and the usage errors of their combinations. */
class ClientOptionsParserTest {
  private static String problem(String location, Map<String, String> env, String... options) {
    return assertThrows(UsageException.class, () -> parse(location, env, options)).getMessage();
  }

  private static ClientSettings parse(String location, Map<String, String> env, String... options) throws UsageException {
    List<Option> all = new ArrayList<>(ClientOptionsParser.OPTIONS);
    Args args = Args.parse(all, List.of(options));
    return ClientOptionsParser.parse(ClientOptionsParser.location(location), args, env);
  }

  @Test
  void locations() throws UsageException {
    assertEquals("grpc+tls", ClientOptionsParser.location("grpc+tls://example.com:443").scheme());
    assertEquals(8815, ClientOptionsParser.location("grpc://localhost:8815").port());
    Location unix = ClientOptionsParser.location("grpc+unix:///tmp/flight.sock");
    assertTrue(unix.isUnix());
    assertEquals("/tmp/flight.sock", unix.path());
    assertEquals("LOCATION must be a URI such as grpc://localhost:8815, not 'localhost:8815'",
        assertThrows(UsageException.class, () -> ClientOptionsParser.location("localhost:8815")).getMessage());
    assertEquals("LOCATION scheme 'http' is not one of grpc://, grpc+tcp://, grpc+tls://, grpc+unix://",
        assertThrows(UsageException.class, () -> ClientOptionsParser.location("http://x:1")).getMessage());
    assertEquals("LOCATION needs a port: grpc://localhost:PORT",
        assertThrows(UsageException.class, () -> ClientOptionsParser.location("grpc://localhost")).getMessage());
  }

  @Test
  void tlsOptionsNeedATlsLocation() {
    assertEquals("--tls-insecure needs a grpc+tls:// LOCATION, not grpc://h:1",
        problem("grpc://h:1", Map.of(), "--tls-insecure"));
    assertEquals("--tls-cert and --tls-key go together",
        problem("grpc+tls://h:1", Map.of(), "--tls-cert", "c.pem"));
    assertEquals("--tls-roots: no such file: /nonexistent/ca.pem",
        problem("grpc+tls://h:1", Map.of(), "--tls-roots", "/nonexistent/ca.pem"));
    assertTrue(problem("grpc+tls://h:1", Map.of(), "--tls-roots", "pom.xml", "--tls-insecure").startsWith("--tls-insecure"));
  }

  @Test
  void credentials() throws UsageException {
    assertEquals("--user needs --password (or the FLIGHTWIRE_PASSWORD environment variable)",
        problem("grpc://h:1", Map.of(), "--user", "alice"));
    parse("grpc://h:1", Map.of("FLIGHTWIRE_PASSWORD", "pw"), "--user", "alice");
    assertEquals("choose one way to log in: --user or --token",
        problem("grpc://h:1", Map.of(), "--user", "a", "--password", "b", "--token", "t"));
    assertEquals("--handshake needs --user (and a password)", problem("grpc://h:1", Map.of(), "--handshake"));
    assertEquals("--password needs --user", problem("grpc://h:1", Map.of(), "--password", "x"));
  }

  @Test
  void headers() throws UsageException {
    FlightCallOptions.Builder b = FlightCallOptions.builder();
    ClientOptionsParser.header(b, "X-Trace=abc=def");
    ClientOptionsParser.header(b, "blob-bin=AAEC");
    FlightCallOptions o = b.build();
    assertEquals("abc=def", o.headers().get("x-trace"));
    assertEquals(List.of("x-trace", "blob-bin"), new ArrayList<>(o.headers().keys()));
    assertEquals("--header needs NAME=VALUE, not 'novalue'",
        assertThrows(UsageException.class, () -> ClientOptionsParser.header(b, "novalue")).getMessage());
    assertEquals("header 'grpc-timeout' is reserved by gRPC",
        assertThrows(UsageException.class, () -> ClientOptionsParser.header(b, "grpc-timeout=1S")).getMessage());
    assertEquals("header 'x': the value must be printable ASCII",
        assertThrows(UsageException.class, () -> ClientOptionsParser.header(b, "x=caf\u00e9")).getMessage());
    assertEquals("header 'y-bin': the value is not base64",
        assertThrows(UsageException.class, () -> ClientOptionsParser.header(b, "y-bin=***")).getMessage());
  }

  @Test
  void timeouts() throws UsageException {
    assertEquals(Duration.ofMillis(1500), ClientOptionsParser.timeout("1.5"));
    assertEquals("--timeout must be a positive number of seconds, not '0'",
        assertThrows(UsageException.class, () -> ClientOptionsParser.timeout("0")).getMessage());
    assertEquals("--timeout needs a number of seconds, not '5s'",
        assertThrows(UsageException.class, () -> ClientOptionsParser.timeout("5s")).getMessage());
  }
}
