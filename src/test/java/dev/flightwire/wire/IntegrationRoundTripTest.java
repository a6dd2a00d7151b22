package dev.flightwire.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightServer;
import dev.flightwire.IpcCompression;
import dev.flightwire.Location;
import dev.flightwire.internal.integration.JsonRoundTrip;
import dev.flightwire.internal.integration.RoundTripStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The integration JSON round trip (upload with numbered app_metadata and per-batch acks,
 * GetFlightInfo, DoGet every endpoint, compare) for every type case, with the Arrow Java and pyarrow
 * peers, both directions, plain and with compressed bodies.
 */
class IntegrationRoundTripTest {
  enum Peer { ARROW_JAVA, PYARROW }

  private static List<String> peer(Peer p, String role) {
    return p == Peer.ARROW_JAVA
        ? new ArrayList<>(List.of(WireEnv.javaPeerRun().toString(), "integration", role))
        : new ArrayList<>(List.of(WireEnv.python(), WireEnv.wireTests().resolve("python/integration.py").toString(),
            role));
  }

  /**
   * One server of each peer for all the cases (each file uploads to a path of its own; a case with
   * compression replaces the upload of the same file): a process per case cost about a second
   * each. A server that died is started again for the next case.
   */
  private static final java.util.Map<Peer, PeerProcess> SERVERS = new java.util.EnumMap<>(Peer.class);

  private static synchronized PeerProcess theirServer(Peer peer) throws Exception {
    PeerProcess s = SERVERS.get(peer);
    if (s == null || !s.isAlive()) {
      if (s != null) {
        s.close();
      }
      List<String> c = peer(peer, "server");
      c.addAll(List.of("-port", "0"));
      s = PeerProcess.startServer(c);
      SERVERS.put(peer, s);
    }
    return s;
  }

  @AfterAll
  static synchronized void stopServers() throws Exception {
    for (PeerProcess s : SERVERS.values()) {
      s.close();
    }
    SERVERS.clear();
  }

  static Stream<Arguments> cases() throws Exception {
    List<Arguments> all = new ArrayList<>();
    for (Peer p : Peer.values()) {
      for (IntegrationFiles.DataFile f : IntegrationFiles.all()) {
        all.add(Arguments.of(p, f, IpcCompression.NONE));
      }
      for (IntegrationFiles.DataFile f : IntegrationFiles.all()) {
        if (f.name().equals("primitive") || f.name().equals("flightwire-dictionary")) {
          all.add(Arguments.of(p, f, IpcCompression.LZ4_FRAME));
          all.add(Arguments.of(p, f, IpcCompression.ZSTD));
        }
      }
    }
    return all.stream();
  }

  @Test
  void everyTypeCaseIsCovered() throws Exception {
    assertTrue(IntegrationFiles.all().size() >= 24, IntegrationFiles.all().toString());
    // Arrow Java 18.3's JsonFileWriter cannot write these, so the Java peer's client (JSON only)
    // skips them; the other directions use the IPC stream form
    assertEquals(java.util.Set.of("large_offsets", "unions"), IntegrationFiles.leftOut().keySet(),
        IntegrationFiles.leftOut().toString());
  }

  /**
   * Their client uploads to and downloads from our store (which compresses what it sends, if
   * asked): one client process per peer and compression runs every file in turn (a verdict line
   * each), so a test per file reports that file's verdict.
   */
  @TestFactory
  Stream<DynamicNode> theirClientOurStore() throws Exception {
    java.util.Map<String, List<IntegrationFiles.DataFile>> groups = new java.util.LinkedHashMap<>();
    java.util.Map<String, Object[]> keys = new java.util.HashMap<>();
    for (Arguments a : (Iterable<Arguments>) cases()::iterator) {
      Object[] v = a.get();
      String key = v[0] + " client, our store, " + v[2];
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add((IntegrationFiles.DataFile) v[1]);
      keys.put(key, v);
    }
    List<DynamicNode> nodes = new ArrayList<>();
    groups.forEach((key, files) -> {
      Peer peer = (Peer) keys.get(key)[0];
      IpcCompression compression = (IpcCompression) keys.get(key)[2];
      TheirClientRun run = new TheirClientRun(peer, compression, files);
      nodes.add(DynamicContainer.dynamicContainer(key, files.stream().map(f -> DynamicTest.dynamicTest(f.name(), () -> {
        assumeFalse(peer == Peer.ARROW_JAVA && f.json() == null,
            () -> "the Arrow Java peer reads JSON only: " + IntegrationFiles.leftOut().get(f.name()));
        run.assertPassed(f);
      }))));
    });
    return nodes.stream();
  }

  /** One client process of a peer over several files against our store; run on first use. */
  private static final class TheirClientRun {
    private final Peer peer;
    private final IpcCompression compression;
    private final List<IntegrationFiles.DataFile> files;
    private PeerProcess.Output out;
    private int activeAfter;

    TheirClientRun(Peer peer, IpcCompression compression, List<IntegrationFiles.DataFile> files) {
      this.peer = peer;
      this.compression = compression;
      this.files = files.stream().filter(f -> peer != Peer.ARROW_JAVA || f.json() != null).toList();
    }

    private String argument(IntegrationFiles.DataFile f) {
      return (peer == Peer.ARROW_JAVA ? f.json() : f.arrows()).toString();
    }

    private synchronized PeerProcess.Output output() throws Exception {
      if (out == null) {
        try (BufferAllocator allocator = new RootAllocator();
            RoundTripStore store = new RoundTripStore(allocator);
            FlightServer server = FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0), store)
                .writeCompression(compression).build().start()) {
          store.setLocation(server.location());
          List<String> c = peer(peer, "client");
          c.addAll(List.of("-host", "localhost", "-port", Integer.toString(server.port())));
          for (IntegrationFiles.DataFile f : files) {
            c.addAll(List.of(peer == Peer.ARROW_JAVA ? "-j" : "-path", argument(f)));
          }
          out = PeerProcess.run(c, 120L * files.size(), TimeUnit.SECONDS);
          activeAfter = server.activeCalls();
        }
      }
      return out;
    }

    /** The file's verdict line says PASS, and the server ended every call. */
    void assertPassed(IntegrationFiles.DataFile f) throws Exception {
      PeerProcess.Output o = output();
      String name = argument(f);
      String verdict = o.text().lines().filter(l -> l.equals("PASS " + name) || l.startsWith("FAIL " + name + ":"))
          .findFirst().orElse("no verdict for " + name);
      assertEquals("PASS " + name, verdict, o.text());
      assertEquals(0, activeAfter, "calls still active on our server after the client ended");
    }
  }

  /** Our client uploads to and downloads from their store (compressing what it sends, if asked). */
  @ParameterizedTest(name = "our client, {0} store, {1}, {2}")
  @MethodSource("cases")
  void ourClientTheirStore(Peer peer, IntegrationFiles.DataFile file, IpcCompression compression) throws Exception {
    assumeFalse(peer == Peer.PYARROW && file.hasDictionaries(),
        "pyarrow's server cannot attach app_metadata to batches of a stream with dictionaries "
            + "(GeneratorStream sends no dictionary batches), which the round trip checks");
    PeerProcess server = theirServer(peer);
    try (BufferAllocator allocator = new RootAllocator();
        FlightClient client = FlightClient.connect(Location.forGrpcTcp("localhost", server.port()),
            FlightClientOptions.builder().allocator(allocator).writeCompression(compression).build())) {
      JsonRoundTrip.run(allocator, client, (file.json() != null ? file.json() : file.arrows()).toFile());
    }
  }
}
