package dev.flightwire.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connector's connection options against a {@code serve --dir} that requires mutual TLS and
 * credentials: Basic exchanged for a Bearer token, Flight's handshake, a token given as an
 * option, the certificate checked against an overridden host name; wrong credentials and a
 * missing client certificate refused with the server's status; a command descriptor and a
 * timeout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkSecurityTest {
  private static final long ROWS = 2_000;

  @TempDir
  static Path dir;

  private ServerProcess server;
  private SparkSession spark;
  private Path certs;

  @BeforeAll
  void start() throws Exception {
    certs = Files.createDirectories(dir.resolve("certs"));
    Process gen = new ProcessBuilder("bash", System.getProperty("flightwire.wiretests") + "/certs/gen.sh",
        certs.toString()).redirectErrorStream(true).start();
    String out = new String(gen.getInputStream().readAllBytes());
    assertTrue(gen.waitFor(60, TimeUnit.SECONDS) && gen.exitValue() == 0, out);
    Path data = Files.createDirectories(dir.resolve("data"));
    try (BufferAllocator allocator = new RootAllocator()) {
      TestData.write(allocator, data.resolve("sales.arrow"), 0, ROWS, 500);
    }
    server = ServerProcess.flightwire("--dir", data.toString(), "--host", "127.0.0.10", "--port", "0",
        "--tls-cert", cert("server.pem"), "--tls-key", cert("server.key"), "--tls-client-ca", cert("ca.pem"),
        "--user", "alice", "--password", "s3cret");
    spark = Spark.session();
  }

  @AfterAll
  void stop() throws Exception {
    spark.stop();
    server.close();
  }

  private String cert(String name) {
    return certs.resolve(name).toString();
  }

  /** TLS options every read here needs: the test CA, the client certificate, the certificate's name. */
  private DataFrameReader tls() {
    return spark.read().format("flight").option("location", server.location())
        .option("tls.roots", cert("ca.pem")).option("tls.cert", cert("client.pem")).option("tls.key", cert("client.key"))
        .option("tls.override-hostname", "localhost");
  }

  @Test
  void basicCredentialsExchangedForABearerToken() {
    assertEquals(ROWS, tls().option("username", "alice").option("password", "s3cret").option("path", "sales")
        .load().count());
  }

  @Test
  void handshake() {
    List<Row> rows = tls().option("username", "alice").option("password", "s3cret").option("auth", "handshake")
        .option("path", "sales").load().filter("id < 10").collectAsList();
    assertEquals(10, rows.size());
  }

  @Test
  void tokenOption() throws Exception {
    String bearer;
    try (FlightClient c = FlightClient.connect(Location.parse(server.location()), FlightClientOptions.builder()
        .tlsRootCerts(Files.readAllBytes(certs.resolve("ca.pem")))
        .certChain(Files.readAllBytes(certs.resolve("client.pem")))
        .privateKey(Files.readAllBytes(certs.resolve("client.key")))
        .overrideHostname("localhost").build())) {
      bearer = c.authenticateBasicToken("alice", "s3cret");
    }
    String token = bearer.substring("Bearer ".length());
    assertEquals(ROWS, tls().option("token", token).option("header.x-request-source", "spark-test")
        .option("path", "sales").load().count());
  }

  /**
   * A server started again forgets the tokens it issued: the executors' pooled clients log in
   * again instead of failing every call with UNAUTHENTICATED.
   */
  @Test
  void aRestartedServerIsLoggedIntoAgain() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.11"))) {
      port = s.getLocalPort();
    }
    String[] args = {"--dir", dir.resolve("data").toString(), "--host", "127.0.0.11", "--port", String.valueOf(port),
        "--user", "bob", "--password", "pw"};
    DataFrameReader reader;
    try (ServerProcess first = ServerProcess.flightwire(args)) {
      reader = spark.read().format("flight").option("location", first.location()).option("username", "bob")
          .option("password", "pw").option("path", "sales");
      assertEquals(ROWS, reader.load().count());
    }
    try (ServerProcess second = ServerProcess.flightwire(args)) {
      assertEquals(ROWS, reader.load().count());
      assertEquals(ROWS, reader.load().filter("id >= 0").collectAsList().size());
    }
  }

  @Test
  void wrongPasswordIsRefused() {
    Exception e = assertThrows(Exception.class,
        () -> tls().option("username", "alice").option("password", "nope").option("path", "sales").load());
    assertTrue(String.valueOf(e).contains("UNAUTHENTICATED"), String.valueOf(e));
  }

  @Test
  void noClientCertificateIsRefused() {
    Exception e = assertThrows(Exception.class, () -> spark.read().format("flight")
        .option("location", server.location()).option("tls.roots", cert("ca.pem"))
        .option("tls.override-hostname", "localhost").option("username", "alice").option("password", "s3cret")
        .option("path", "sales").load());
    assertTrue(String.valueOf(e).contains("UNAVAILABLE"), String.valueOf(e));
  }

  @Test
  void commandDescriptor() {
    String scan = "{\"type\": \"flightwire.scan\", \"path\": [\"sales\"], \"columns\": [\"name\", \"id\"],"
        + " \"filters\": [{\"column\": \"id\", \"op\": \"lt\", \"value\": 100}]}";
    List<Row> rows = tls().option("username", "alice").option("password", "s3cret").option("command", scan).load()
        .collectAsList();
    assertEquals(100, rows.size());
    assertEquals(2, rows.get(0).size());
    for (Row r : rows) {
      assertEquals(TestData.name(r.getLong(1)), r.getString(0));
    }
  }

  @Test
  void timeoutEndsTheCall() {
    Exception e = assertThrows(Exception.class, () -> tls().option("username", "alice").option("password", "s3cret")
        .option("timeout", "0.000001").option("path", "sales").load().count());
    assertTrue(String.valueOf(e).contains("TIMED_OUT") || String.valueOf(e).contains("deadline"), String.valueOf(e));
  }

  @Test
  void badOptionsAreNamed() {
    Map<String, String> cases = Map.of("timeout", "soon", "tls.disable-verification", "maybe", "auth", "kerberos");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Exception e = assertThrows(Exception.class,
          () -> tls().option("path", "sales").option(c.getKey(), c.getValue()).load());
      assertTrue(e.getMessage().contains(c.getKey()), e.getMessage());
    }
  }
}
