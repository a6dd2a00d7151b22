package dev.flightwire.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.Action;
import dev.flightwire.ClientCertificateMode;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightStreamChunk;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.FlightUnavailableError;
import dev.flightwire.GeneratorStream;
import dev.flightwire.Location;
import dev.flightwire.Result;
import dev.flightwire.ServerCallContext;
import dev.flightwire.Ticket;
import dev.flightwire.testing.Int64Data;
import dev.flightwire.testing.TestCerts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * TLS and mTLS against pyarrow and Arrow Java, both directions: certificates generated at test
 * time; mTLS with a good, a missing and a wrong client certificate; hostname override; disabled
 * verification; plaintext against TLS and the reverse failing fast.
 */
class TlsInteropTest {
  private static final Schema SCHEMA = Int64Data.SCHEMA;

  /** A real peer: pyarrow's tls_peer.py or the Arrow Java TlsPeer; plaintext servers for the reverse case. */
  enum Peer {
    PYARROW, ARROW_JAVA;

    List<String> tls(String role) {
      List<String> c = new ArrayList<>();
      if (this == PYARROW) {
        c.addAll(List.of(WireEnv.python(), WireEnv.wireTests().resolve("python/tls_peer.py").toString()));
      } else {
        c.addAll(List.of(WireEnv.javaPeerRun().toString(), "tls"));
      }
      c.add(role);
      return c;
    }

    List<String> plaintextServer() {
      return this == PYARROW
          ? List.of(WireEnv.python(), WireEnv.wireTests().resolve("python/middleware_peer.py").toString(), "server",
              "--port", "0")
          : List.of(WireEnv.javaPeerRun().toString(), "middleware", "server", "--port", "0");
    }
  }

  /** What the peers' clients expect: whoami answers the identity; DoGet sends n = 0..9999 in 10 batches. */
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
      for (int b = 0; b < 10; b++) {
        VectorSchemaRoot root = Int64Data.batch(allocator, b * 1000L, 1000);
        batches.add(FlightStreamChunk.owning(root, null));
      }
      return new GeneratorStream(SCHEMA, batches);
    }
  }

  private static String cert(String name) {
    return TestCerts.file(name).toString();
  }

  private static FlightServer ourServer(BufferAllocator allocator, Consumer<FlightServer.Builder> tls) throws Exception {
    FlightServer.Builder b = FlightServer.builder(allocator, Location.forGrpcTls("localhost", 0), new Service(allocator));
    tls.accept(b);
    return b.build().start();
  }

  /** One case of the peer's TLS client: its options, and the line its output must contain. */
  private record Case(String expected, List<String> args) {
    static Case of(int port, String expected, String... args) {
      List<String> a = new ArrayList<>(List.of("--port", Integer.toString(port)));
      a.addAll(List.of(args));
      return new Case(expected, a);
    }
  }

  /**
   * Runs the cases in one process of the peer's TLS client (cases separated by {@code --and}, its
   * output by {@code CASE i} lines) and checks each: it printed its expected line and no FAIL line.
   * Returns each case's output.
   */
  private static List<String> runClient(Peer peer, List<Case> cases) throws Exception {
    List<String> c = peer.tls("client");
    for (int i = 0; i < cases.size(); i++) {
      if (i > 0) {
        c.add("--and");
      }
      c.addAll(cases.get(i).args());
    }
    PeerProcess.Output out = PeerProcess.run(c, 60L + 30L * cases.size(), TimeUnit.SECONDS);
    List<String> parts = new ArrayList<>();
    StringBuilder part = null;
    for (String line : out.text().split("\n")) {
      if (line.equals("CASE " + (parts.size() + 1))) {
        part = new StringBuilder();
        parts.add("");
      } else if (part != null) {
        part.append(line).append('\n');
        parts.set(parts.size() - 1, part.toString());
      }
    }
    assertEquals(cases.size(), parts.size(), "cases reported by the client:\n" + out.text());
    for (int i = 0; i < cases.size(); i++) {
      String text = parts.get(i);
      String what = "case " + (i + 1) + " " + cases.get(i).args() + ":\n" + text + "--- whole output ---\n" + out.text();
      assertTrue(text.contains(cases.get(i).expected()) && !text.contains("FAIL "), what);
    }
    assertEquals(0, out.exitCode(), out.text());
    return parts;
  }

  // ------------------------------------------------------------ their client, our server

  @ParameterizedTest
  @EnumSource(Peer.class)
  void theirClientOurServer(Peer peer) throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        FlightServer server = ourServer(allocator, b -> b.useTls(TestCerts.pair("server")));
        FlightServer other = ourServer(allocator, b -> b.useTls(TestCerts.pair("other")));
        FlightServer plain = FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0),
            new Service(allocator)).build().start()) {
      runClient(peer, List.of(
          Case.of(server.port(), "PASS tls", "--ca", cert("ca.pem"), "--expect", "ok"),
          Case.of(server.port(), "PASS tls", "--disable-verification", "--expect", "ok"),
          Case.of(server.port(), "PASS refused", "--ca", cert("wrong-ca.pem"), "--expect", "fail"),
          Case.of(server.port(), "PASS refused", "--scheme", "grpc+tcp", "--expect", "fail"),
          Case.of(other.port(), "PASS refused", "--ca", cert("ca.pem"), "--expect", "fail"),
          Case.of(other.port(), "PASS tls", "--ca", cert("ca.pem"), "--override-hostname", "flight.test",
              "--expect", "ok"),
          Case.of(plain.port(), "PASS refused", "--ca", cert("ca.pem"), "--expect", "fail")));
    }
  }

  @ParameterizedTest
  @EnumSource(Peer.class)
  void theirClientOurMutualTlsServer(Peer peer) throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        FlightServer server = ourServer(allocator, b -> b.useTls(TestCerts.pair("server"))
            .verifyClients(ClientCertificateMode.REQUIRED, TestCerts.bytes("ca.pem")))) {
      List<String> out = runClient(peer, List.of(
          Case.of(server.port(), "PASS tls", "--ca", cert("ca.pem"), "--cert", cert("client.pem"),
              "--key", cert("client.key"), "--expect", "ok"),
          Case.of(server.port(), "PASS refused", "--ca", cert("ca.pem"), "--expect", "fail"),
          Case.of(server.port(), "PASS refused", "--ca", cert("ca.pem"), "--cert", cert("wrong-client.pem"),
              "--key", cert("wrong-client.key"), "--expect", "fail")));
      assertTrue(out.get(0).contains("identity=flight-client"), out.get(0));
    }
  }

  // ------------------------------------------------------------ our client, their server

  private static PeerProcess peerServer(Peer peer, String... args) throws Exception {
    List<String> c = peer.tls("server");
    c.addAll(List.of("--port", "0"));
    c.addAll(List.of(args));
    return PeerProcess.startServer(c);
  }

  private static FlightClient connect(BufferAllocator allocator, int port, Consumer<FlightClientOptions.Builder> tls) {
    FlightClientOptions.Builder b = FlightClientOptions.builder().allocator(allocator);
    tls.accept(b);
    return FlightClient.connect(Location.forGrpcTls("localhost", port), b.build());
  }

  private static String whoami(FlightClient client) {
    return client.doAction(new Action("whoami")).toList().get(0).bodyAsString();
  }

  private static void readAll(FlightClient client) {
    try (FlightStreamReader r = client.doGet(Ticket.of("t"))) {
      assertEquals(10000, Int64Data.readAll(r));
    }
  }


  private static void assertFailsFast(Runnable connect, String... anyOf) {
    long start = System.nanoTime();
    FlightUnavailableError e = assertThrows(FlightUnavailableError.class, connect::run);
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "took too long: " + e.getMessage());
    boolean found = false;
    for (String s : anyOf) {
      found |= e.getMessage().contains(s);
    }
    assertTrue(found, e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(Peer.class)
  void ourClientTheirServer(Peer peer) throws Exception {
    try (BufferAllocator allocator = new RootAllocator()) {
      try (PeerProcess server = peerServer(peer, "--cert", cert("server.pem"), "--key", cert("server.key"))) {
        try (FlightClient client = connect(allocator, server.port(), o -> o.tlsRootCerts(TestCerts.bytes("ca.pem")))) {
          assertEquals("", whoami(client));
          readAll(client);
        }
        try (FlightClient client = connect(allocator, server.port(), o -> o.disableServerVerification(true))) {
          readAll(client);
        }
        assertFailsFast(() -> connect(allocator, server.port(), o -> o.tlsRootCerts(TestCerts.bytes("wrong-ca.pem"))),
            "certificate verification failed");
        assertFailsFast(() -> FlightClient.connect(Location.forGrpcTcp("localhost", server.port()),
            FlightClientOptions.builder().allocator(allocator).build()), "grpc+tls://");
      }
      try (PeerProcess server = peerServer(peer, "--cert", cert("other.pem"), "--key", cert("other.key"))) {
        assertFailsFast(() -> connect(allocator, server.port(), o -> o.tlsRootCerts(TestCerts.bytes("ca.pem"))),
            "certificate verification failed");
        try (FlightClient client = connect(allocator, server.port(), o -> o.tlsRootCerts(TestCerts.bytes("ca.pem"))
            .overrideHostname("flight.test"))) {
          readAll(client);
        }
      }
      try (PeerProcess plain = PeerProcess.startServer(peer.plaintextServer())) {
        assertFailsFast(() -> connect(allocator, plain.port(), o -> o.tlsRootCerts(TestCerts.bytes("ca.pem"))),
            "not speaking TLS", "plaintext");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Peer.class)
  void ourClientTheirMutualTlsServer(Peer peer) throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        PeerProcess server = peerServer(peer, "--cert", cert("server.pem"), "--key", cert("server.key"),
            "--client-ca", cert("ca.pem"))) {
      try (FlightClient client = connect(allocator, server.port(), o -> o.tlsRootCerts(TestCerts.bytes("ca.pem"))
          .clientCertificate(TestCerts.pair("client")))) {
        String identity = whoami(client);
        assertTrue(identity.isEmpty() || identity.equals("flight-client"), identity);
        readAll(client);
      }
      for (String missingOrWrong : new String[] {null, "wrong-client"}) {
        assertFailsFast(() -> {
          try (FlightClient c = connect(allocator, server.port(), o -> {
            o.tlsRootCerts(TestCerts.bytes("ca.pem"));
            if (missingOrWrong != null) {
              o.clientCertificate(TestCerts.pair(missingOrWrong));
            }
          })) {
            whoami(c);
          }
        }, "TLS", "closed", "connection");
      }
    }
  }
}
