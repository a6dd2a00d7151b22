package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.testing.TestCerts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client commands over TLS against {@code serve --tls-cert}: trusted roots, mutual TLS,
 * host name override, skipped verification, credentials by header and by handshake, and the
 * failures a user meets (wrong password, wrong CA, plaintext client, missing client certificate).
 */
class CliTlsIT {
  private static String cert(String name) {
    return TestCerts.file(name).toString();
  }

  private static CliProcess.Result run(String... args) throws Exception {
    return CliProcess.run(args);
  }

  private static CliProcess.Result ok(String... args) throws Exception {
    CliProcess.Result r = run(args);
    assertEquals(0, r.exit(), r.show());
    return r;
  }

  private static String fails(String... args) throws Exception {
    CliProcess.Result r = run(args);
    assertEquals(1, r.exit(), r.show());
    assertEquals(1, r.err().lines().count(), r.show());
    return r.err().strip();
  }

  private static String[] with(String[] base, String... more) {
    List<String> all = new ArrayList<>(List.of(base));
    all.addAll(List.of(more));
    return all.toArray(new String[0]);
  }

  @Test
  void credentialsOverTls(@TempDir Path dir) throws Exception {
    try (CliProcess.Server server = CliProcess.Server.start("--port", "0", "--tls-cert", cert("server.pem"),
        "--tls-key", cert("server.key"), "--user", "alice", "--password", "s3cret")) {
      String loc = server.location();
      assertTrue(loc.startsWith("grpc+tls://localhost:"), loc);
      String[] trusted = {"--tls-roots", cert("ca.pem")};
      String[] alice = with(trusted, "--user", "alice", "--password", "s3cret");

      assertTrue(ok(with(with(new String[] {"list", loc}, alice))).out().contains("dataset/sales"));
      assertTrue(ok(with(with(new String[] {"list", loc}, alice), "--handshake")).out().contains("dataset/sales"));
      CliProcess.Result fromEnv = CliProcess.run(CliProcess.command(with(new String[] {"actions", loc}, with(trusted,
          "--user", "alice"))), Map.of("FLIGHTWIRE_PASSWORD", "s3cret"));
      assertEquals(0, fromEnv.exit(), fromEnv.show());
      assertTrue(ok(with(new String[] {"get", loc, "dataset/sales"}, alice)).out().contains("2023-01-03   200.0  East"));
      Path csv = Files.writeString(dir.resolve("t.csv"), "k,v\na,1\nb,2\n");
      ok(with(new String[] {"put", loc, "tls/upload", "--input", csv.toString()}, alice));
      assertEquals("k: utf8\nv: int64\n", ok(with(new String[] {"schema", loc, "tls/upload"}, alice)).out());
      assertTrue(ok("list", loc, "--tls-insecure", "--user", "alice", "--password", "s3cret").out().contains("tls/upload"));

      assertEquals("flightwire list: unauthenticated: invalid username or password",
          fails(with(new String[] {"list", loc}, with(trusted, "--user", "alice", "--password", "wrong"))));
      assertEquals("flightwire list: unauthenticated: invalid username or password",
          fails(with(new String[] {"list", loc}, with(trusted, "--user", "alice", "--password", "wrong", "--handshake"))));
      assertTrue(fails(with(new String[] {"list", loc}, trusted)).startsWith("flightwire list: unauthenticated: "));
      assertTrue(fails(with(new String[] {"list", loc}, with(trusted, "--token", "forged")))
          .startsWith("flightwire list: unauthenticated: "));
      String wrongCa = fails("list", loc, "--tls-roots", cert("wrong-ca.pem"));
      assertTrue(wrongCa.startsWith("flightwire list: unavailable: TLS handshake with " + loc + " failed: certificate"
          + " verification failed"), wrongCa);
      String plaintext = fails("list", server.location("grpc"), "--user", "alice", "--password", "s3cret");
      // the server closes or resets the connection, depending on timing: the hint comes either way
      assertTrue(plaintext.startsWith("flightwire list: unavailable: no HTTP/2 connection with " + server.location("grpc")),
          plaintext);
      assertTrue(!plaintext.contains("(..)"), plaintext);
      assertTrue(plaintext.endsWith("(if it serves TLS, use a grpc+tls:// location)"), plaintext);
      CliProcess.Result tlsOptionOnPlaintext = run("list", server.location("grpc"), "--tls-roots", cert("ca.pem"));
      assertEquals(2, tlsOptionOnPlaintext.exit(), tlsOptionOnPlaintext.show());
    }
  }

  @Test
  void mutualTls() throws Exception {
    try (CliProcess.Server server = CliProcess.Server.start("--port", "0", "--tls-cert", cert("server.pem"),
        "--tls-key", cert("server.key"), "--tls-client-ca", cert("ca.pem"))) {
      String loc = server.location();
      CliProcess.Result r = ok("get", loc, "dataset/products", "--tls-roots", cert("ca.pem"),
          "--tls-cert", cert("client.pem"), "--tls-key", cert("client.key"), "--format", "csv");
      assertEquals("id,name,price\n1,Widget A,10.99\n2,Widget B,15.99\n3,Widget C,20.99\n", r.out());
      assertTrue(fails("list", loc, "--tls-roots", cert("ca.pem")).startsWith("flightwire list: unavailable: "));
      assertTrue(fails("list", loc, "--tls-roots", cert("ca.pem"), "--tls-cert", cert("wrong-client.pem"),
          "--tls-key", cert("wrong-client.key")).startsWith("flightwire list: unavailable: "));
    }
  }

  @Test
  void hostNameOverride() throws Exception {
    // other.pem is valid for flight.test only
    try (CliProcess.Server server = CliProcess.Server.start("--port", "0", "--tls-cert", cert("other.pem"),
        "--tls-key", cert("other.key"))) {
      String loc = server.location();
      assertTrue(ok("list", loc, "--tls-roots", cert("ca.pem"), "--tls-override-hostname", "flight.test").out()
          .contains("dataset/sales"));
      assertTrue(fails("list", loc, "--tls-roots", cert("ca.pem")).startsWith("flightwire list: unavailable: TLS"));
    }
  }
}
