package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.testing.TestCerts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TLS and mTLS between our client and our server: every option and every refusal path. */
class TlsTest {
  private BufferAllocator allocator;
  private final List<String> serverLog = new ArrayList<>();

  /** DoAction answers the peer identity; DoGet streams 3 batches of 100 rows. */
  static final class Service extends FlightServerBase {
    private final BufferAllocator allocator;

    Service(BufferAllocator allocator) {
      this.allocator = allocator;
    }

    @Override
    public Iterable<Result> doAction(ServerCallContext context, Action action) {
      return List.of(Result.of(context.peerIdentity()));
    }

    @Override
    public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
      List<FlightStreamChunk> batches = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        batches.add(FlightStreamChunk.owning(TestData.batch(allocator, i * 100, 100), null));
      }
      return new GeneratorStream(TestData.INTS, batches);
    }
  }

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  private FlightServer server(Consumer<FlightServer.Builder> tls) throws Exception {
    FlightServer.Builder b = FlightServer.builder(allocator, Location.forGrpcTls("localhost", 0),
        new Service(allocator)).callLog(line -> {
          synchronized (serverLog) {
            serverLog.add(line);
          }
        });
    tls.accept(b);
    return b.build().start();
  }

  private FlightClient client(FlightServer server, Consumer<FlightClientOptions.Builder> tls) {
    FlightClientOptions.Builder b = FlightClientOptions.builder().allocator(allocator);
    tls.accept(b);
    return FlightClient.connect(server.location(), b.build());
  }

  private static String whoami(FlightClient client) {
    return client.doAction(new Action("whoami")).toList().get(0).bodyAsString();
  }

  private static void readAll(FlightClient client) {
    try (FlightStreamReader r = client.doGet(Ticket.of("t"))) {
      int from = 0;
      while (r.next()) {
        TestData.assertRows(r.root(), from, 100);
        from += 100;
      }
      assertEquals(300, from);
    }
  }

  @Test
  void tlsRoundTrip() throws Exception {
    try (FlightServer server = server(b -> b.useTls(TestCerts.pair("server")));
        FlightClient client = client(server, o -> o.tlsRootCerts(TestCerts.bytes("ca.pem")))) {
      assertTrue(server.location().uri().startsWith("grpc+tls://"), server.location().toString());
      // BoringSSL where netty-tcnative loads, unless flightwire.native=false (NativesTest)
      boolean boring = dev.flightwire.internal.tls.TlsContexts.provider() == io.netty.handler.ssl.SslProvider.OPENSSL;
      assertTrue(server.tlsProvider().contains(boring ? "BoringSSL" : "JDK TLS"), server.tlsProvider());
      assertEquals("", whoami(client));
      readAll(client);
    }
  }

  @Test
  void jdkEngineFallback() throws Exception {
    System.setProperty("flightwire.tls.jdk", "true");
    try (FlightServer server = server(b -> b.useTls(TestCerts.pair("server")).verifyClients(
            ClientCertificateMode.REQUIRED, TestCerts.bytes("ca.pem")));
        FlightClient client = client(server, o -> o.tlsRootCerts(TestCerts.bytes("ca.pem"))
            .clientCertificate(TestCerts.pair("client")))) {
      assertTrue(server.tlsProvider().startsWith("JDK"), server.tlsProvider());
      assertEquals("flight-client", whoami(client));
      readAll(client);
    } finally {
      System.clearProperty("flightwire.tls.jdk");
    }
  }

  @Test
  void mutualTlsRequired() throws Exception {
    try (FlightServer server = server(b -> b.useTls(TestCerts.pair("server"))
        .verifyClients(ClientCertificateMode.REQUIRED, TestCerts.bytes("ca.pem")))) {
      try (FlightClient client = client(server, o -> o.tlsRootCerts(TestCerts.bytes("ca.pem"))
          .clientCertificate(TestCerts.pair("client")))) {
        assertEquals("flight-client", whoami(client));
        readAll(client);
      }
      long start = System.nanoTime();
      FlightUnavailableError none = assertThrows(FlightUnavailableError.class,
          () -> whoami(client(server, o -> o.tlsRootCerts(TestCerts.bytes("ca.pem")))));
      FlightUnavailableError wrong = assertThrows(FlightUnavailableError.class,
          () -> whoami(client(server, o -> o.tlsRootCerts(TestCerts.bytes("ca.pem"))
              .clientCertificate(TestCerts.pair("wrong-client")))));
      assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "refusals took too long");
      for (FlightUnavailableError e : List.of(none, wrong)) {
        assertTrue(e.getMessage().contains("TLS") || e.getMessage().contains("closed"), e.getMessage());
      }
      // the server goes on serving
      try (FlightClient client = client(server, o -> o.tlsRootCerts(TestCerts.bytes("ca.pem"))
          .clientCertificate(TestCerts.pair("client")))) {
        assertEquals("flight-client", whoami(client));
      }
    }
  }

  @Test
  void mutualTlsOptional() throws Exception {
    try (FlightServer server = server(b -> b.useTls(TestCerts.pair("server"))
            .verifyClients(ClientCertificateMode.OPTIONAL, TestCerts.bytes("ca.pem")));
        FlightClient anonymous = client(server, o -> o.tlsRootCerts(TestCerts.bytes("ca.pem")));
        FlightClient known = client(server, o -> o.tlsRootCerts(TestCerts.bytes("ca.pem"))
            .clientCertificate(TestCerts.pair("client")))) {
      assertEquals("", whoami(anonymous));
      assertEquals("flight-client", whoami(known));
    }
  }

  @Test
  void hostnameOverride() throws Exception {
    try (FlightServer server = server(b -> b.useTls(TestCerts.pair("other")))) {
      FlightUnavailableError e = assertThrows(FlightUnavailableError.class,
          () -> client(server, o -> o.tlsRootCerts(TestCerts.bytes("ca.pem"))));
      assertTrue(e.getMessage().contains("certificate"), e.getMessage());
      try (FlightClient client = client(server, o -> o.tlsRootCerts(TestCerts.bytes("ca.pem"))
          .overrideHostname("flight.test"))) {
        readAll(client);
      }
    }
  }

  @Test
  void untrustedServerUnlessVerificationDisabled() throws Exception {
    try (FlightServer server = server(b -> b.useTls(TestCerts.pair("server")))) {
      FlightUnavailableError e = assertThrows(FlightUnavailableError.class,
          () -> client(server, o -> o.tlsRootCerts(TestCerts.bytes("wrong-ca.pem"))));
      assertTrue(e.getMessage().contains("certificate verification failed"), e.getMessage());
      try (FlightClient client = client(server, o -> o.disableServerVerification(true))) {
        readAll(client);
      }
    }
  }

  @Test
  void severalCertificatesChosenBySni() throws Exception {
    try (FlightServer server = server(b -> b.useTls(TestCerts.pair("server"), TestCerts.pair("other")));
        FlightClient local = client(server, o -> o.tlsRootCerts(TestCerts.bytes("ca.pem")));
        FlightClient other = client(server, o -> o.tlsRootCerts(TestCerts.bytes("ca.pem"))
            .overrideHostname("flight.test"))) {
      assertEquals("", whoami(local));
      assertEquals("", whoami(other));
    }
  }

  @Test
  void plaintextClientAgainstTlsServerFailsFast() throws Exception {
    try (FlightServer server = server(b -> b.useTls(TestCerts.pair("server")))) {
      long start = System.nanoTime();
      FlightUnavailableError e = assertThrows(FlightUnavailableError.class, () -> FlightClient.connect(
          Location.forGrpcTcp("localhost", server.port()), FlightClientOptions.builder().allocator(allocator).build()));
      assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5);
      assertTrue(e.getMessage().contains("grpc+tls://"), e.getMessage());
    }
  }

  @Test
  void tlsClientAgainstPlaintextServerFailsFast() throws Exception {
    try (FlightServer server = FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0),
        new Service(allocator)).build().start()) {
      long start = System.nanoTime();
      FlightUnavailableError e = assertThrows(FlightUnavailableError.class, () -> FlightClient.connect(
          Location.forGrpcTls("localhost", server.port()), FlightClientOptions.builder().allocator(allocator)
              .tlsRootCerts(TestCerts.bytes("ca.pem")).build()));
      assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5);
      assertTrue(e.getMessage().contains("not speaking TLS") || e.getMessage().contains("plaintext"), e.getMessage());
    }
  }

  @Test
  void misconfigurationIsRefusedUpFront() {
    FlightServer.Builder noCert = FlightServer.builder(allocator, Location.forGrpcTls("localhost", 0),
        new Service(allocator));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> noCert.build().start());
    assertTrue(e.getMessage().contains("useTls"), e.getMessage());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> FlightServer.builder(allocator,
        Location.forGrpcTls("localhost", 0), new Service(allocator))
        .useTls(CertKeyPair.of("not a certificate", "not a key")).build().start());
    assertTrue(bad.getMessage().contains("invalid TLS server certificate"), bad.getMessage());
  }
}
