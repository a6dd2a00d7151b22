package dev.flightwire.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightUnauthenticatedError;
import dev.flightwire.FlightUnavailableError;
import dev.flightwire.Location;
import dev.flightwire.auth.BasicClientAuthHandler;
import dev.flightwire.testing.TestCerts;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/**
 * The demo service secured from the command line, run from the built jar as a user would:
 * TLS, required client certificates and credentials by either convention, with our client and
 * with pyarrow's.
 */
class SecureServeIT {
  private static final Pattern LISTENING = Pattern.compile("listening on grpc\\+tls://localhost:(\\d+)");

  private static Path jar() {
    Path jar = Paths.get("target", "flightwire.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new AssertionError("target/flightwire.jar is missing: *IT tests run after `package` (mvn verify)");
    }
    return jar;
  }

  private static List<String> serve(String... extra) {
    List<String> c = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar().toString(), "serve", "--port", "0"));
    c.addAll(List.of(extra));
    return c;
  }

  @Test
  void tlsClientCertificatesAndCredentialsFromTheCommandLine() throws Exception {
    Process p = new ProcessBuilder(serve("--tls-cert", TestCerts.file("server.pem").toString(),
        "--tls-key", TestCerts.file("server.key").toString(), "--tls-client-ca", TestCerts.file("ca.pem").toString(),
        "--user", "alice", "--password", "s3cret")).redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertTrue(line != null, "serve printed nothing");
      Matcher m = LISTENING.matcher(line);
      assertTrue(m.find(), line);
      assertTrue(line.contains("TLS by BoringSSL"), line);
      assertTrue(line.contains("client certificates required") && line.contains("credentials required"), line);
      int port = Integer.parseInt(m.group(1));
      Thread drain = new Thread(() -> {
        try {
          while (out.readLine() != null) {
            // call log
          }
        } catch (java.io.IOException ignored) {
          // process ended
        }
      });
      drain.setDaemon(true);
      drain.start();

      Location location = Location.forGrpcTls("localhost", port);
      try (BufferAllocator allocator = new RootAllocator()) {
        FlightClientOptions withCert = FlightClientOptions.builder().allocator(allocator)
            .tlsRootCerts(TestCerts.bytes("ca.pem")).clientCertificate(TestCerts.pair("client")).build();
        try (FlightClient client = FlightClient.connect(location, withCert)) {
          assertThrows(FlightUnauthenticatedError.class, () -> client.listFlights().toList());
          assertThrows(FlightUnauthenticatedError.class, () -> client.authenticateBasicToken("alice", "wrong"));
          client.authenticateBasicToken("alice", "s3cret");
          assertFalse(client.listFlights().toList().isEmpty());
        }
        try (FlightClient client = FlightClient.connect(location, withCert)) {
          assertThrows(FlightUnauthenticatedError.class,
              () -> client.authenticate(new BasicClientAuthHandler("alice", "nope")));
          client.authenticate(new BasicClientAuthHandler("alice", "s3cret"));
          assertFalse(client.listFlights().toList().isEmpty());
        }
        FlightUnavailableError noCert = assertThrows(FlightUnavailableError.class, () -> {
          try (FlightClient client = FlightClient.connect(location, FlightClientOptions.builder().allocator(allocator)
              .tlsRootCerts(TestCerts.bytes("ca.pem")).build())) {
            client.listFlights().toList();
          }
        });
        assertNotEquals("", noCert.getMessage());
      }

      PeerProcess.Output py = PeerProcess.run(List.of(WireEnv.python(),
          WireEnv.wireTests().resolve("python/secure_client.py").toString(), "--port", Integer.toString(port),
          "--ca", TestCerts.file("ca.pem").toString(), "--cert", TestCerts.file("client.pem").toString(),
          "--key", TestCerts.file("client.key").toString(), "--user", "alice", "--password", "s3cret"),
          120, TimeUnit.SECONDS);
      assertEquals(0, py.exitCode(), py.text());
      assertTrue(py.text().contains("PASS secure"), py.text());
    } finally {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void inconsistentOptionsAreRefusedWithOneLine() throws Exception {
    for (String[] args : new String[][] {
        {"--tls-cert", "x.pem"},
        {"--user", "alice"},
        {"--tls-client-ca", "ca.pem"},
        {"--tls-cert", "/nonexistent.pem", "--tls-key", "/nonexistent.key"}}) {
      PeerProcess.Output out = PeerProcess.run(serve(args), 60, TimeUnit.SECONDS);
      assertEquals(2, out.exitCode(), out.text());
      assertTrue(out.text().startsWith("flightwire serve: "), out.text());
      assertEquals(1, out.text().strip().lines().count(), out.text());
    }
  }
}
