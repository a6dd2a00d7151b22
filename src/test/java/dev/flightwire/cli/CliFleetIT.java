package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flightwire.Action;
import dev.flightwire.ActionType;
import dev.flightwire.EndpointFetcher;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInternalError;
import dev.flightwire.FlightNotFoundError;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.FlightUnavailableError;
import dev.flightwire.FlightUnimplementedError;
import dev.flightwire.Location;
import dev.flightwire.Result;
import dev.flightwire.Ticket;
import dev.flightwire.testing.TestCerts;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet run from the jar: three {@code serve --dir} data servers on their own loopback
 * addresses (127.0.0.2 and 127.0.0.3 are replicas of shard 1, with the same files; 127.0.0.4 is
 * shard 2, with other rows of the same flights) and a {@code serve --shard} catalog in front,
 * read with the Java client (and pyarrow when its venv is there): combined FlightInfo, every row
 * from the endpoints, merged listing, refusals, actions, and a replica, then a whole shard, lost
 * (that test runs last: it stops servers). Also: a catalog of a grpc+tls shard that requires
 * credentials, and the usage errors of {@code --shard}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliFleetIT {
  @TempDir
  static Path tmp;
  private CliProcess.Server replicaA;
  private CliProcess.Server replicaB;
  private CliProcess.Server shard2;
  private CliProcess.Server catalog;
  private String a;
  private String b;
  private String c;
  private BufferAllocator allocator;
  private FlightClient client;

  private static final FlightDescriptor SALES = FlightDescriptor.forPath("sales");

  @BeforeAll
  void start() throws Exception {
    Path one = Files.createDirectories(tmp.resolve("shard1"));
    Path oneCopy = Files.createDirectories(tmp.resolve("shard1-replica"));
    Path two = Files.createDirectories(tmp.resolve("shard2"));
    allocator = new RootAllocator();
    writeSales(allocator, one.resolve("sales.arrows"), 0, 2, 50);
    writeSales(allocator, two.resolve("sales.arrows"), 100, 1, 50);
    Files.writeString(one.resolve("only1.csv"), "x\n1\n2\n");
    Files.writeString(one.resolve("mismatch.csv"), "v\n1\n");
    Files.writeString(two.resolve("mismatch.csv"), "v\nx\n");
    Files.writeString(two.resolve("gone.csv"), "x\n1\n");
    try (var files = Files.list(one)) {
      for (Path f : files.toList()) {
        Files.copy(f, oneCopy.resolve(f.getFileName()));
      }
    }
    replicaA = CliProcess.Server.start("--host", "127.0.0.2", "--port", "0", "--dir", one.toString());
    replicaB = CliProcess.Server.start("--host", "127.0.0.3", "--port", "0", "--dir", oneCopy.toString());
    shard2 = CliProcess.Server.start("--host", "127.0.0.4", "--port", "0", "--dir", two.toString());
    a = replicaA.location();
    b = replicaB.location();
    c = shard2.location();
    assertTrue(a.startsWith("grpc+tcp://127.0.0.2:") && c.startsWith("grpc+tcp://127.0.0.4:"), a + " " + c);
    catalog = CliProcess.Server.start("--port", "0", "--shard", a + "," + b, "--shard", c);
    client = FlightClient.connect(Location.parse(catalog.location()), options());
  }

  @AfterAll
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    for (CliProcess.Server s : new CliProcess.Server[] {catalog, replicaA, replicaB, shard2}) {
      if (s != null) {
        s.close();
      }
    }
    allocator.close();
  }

  private FlightClientOptions options() {
    return FlightClientOptions.builder().allocator(allocator).build();
  }

  /** {@code batches} batches of {@code rows} rows: n (first, first + 1, ...) and label ("row n"). */
  private static void writeSales(BufferAllocator a, Path file, long first, int batches, int rows) throws IOException {
    BigIntVector n = new BigIntVector("n", a);
    VarCharVector label = new VarCharVector("label", a);
    try (VectorSchemaRoot root = new VectorSchemaRoot(List.of(n, label));
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ArrowStreamWriter w = new ArrowStreamWriter(root, null, ch)) {
      w.start();
      long next = first;
      for (int batch = 0; batch < batches; batch++) {
        root.allocateNew();
        for (int i = 0; i < rows; i++, next++) {
          n.set(i, next);
          label.setSafe(i, ("row " + next).getBytes(StandardCharsets.UTF_8));
        }
        root.setRowCount(rows);
        w.writeBatch();
      }
      w.end();
    }
  }

  /** The URIs of an endpoint's locations. */
  private static List<String> uris(FlightEndpoint e) {
    return e.locations().stream().map(Location::uri).toList();
  }

  /** What a data server answers itself. */
  private FlightInfo direct(String location, FlightDescriptor d) {
    try (FlightClient direct = FlightClient.connect(Location.parse(location), options())) {
      return direct.getFlightInfo(d);
    }
  }

  /** Every row of the info's endpoints, n to label, read by an EndpointFetcher through the catalog. */
  private Map<Long, String> readAll(FlightInfo info) throws InterruptedException {
    Map<Long, String> rows = new TreeMap<>();
    try (EndpointFetcher fetcher = new EndpointFetcher(client, options(), 2)) {
      fetcher.fetch(info, (endpoint, reader) -> read(reader, rows));
    }
    return rows;
  }

  private static void read(FlightStreamReader reader, Map<Long, String> rows) {
    while (reader.next()) {
      VectorSchemaRoot root = reader.root();
      BigIntVector n = (BigIntVector) root.getVector("n");
      VarCharVector label = (VarCharVector) root.getVector("label");
      synchronized (rows) {
        for (int i = 0; i < root.getRowCount(); i++) {
          String previous = rows.put(n.get(i), new String(label.get(i), StandardCharsets.UTF_8));
          assertNull(previous, "row " + n.get(i) + " came twice");
        }
      }
    }
  }

  private static void assertEveryRow(Map<Long, String> rows) {
    assertEquals(150, rows.size());
    for (long n = 0; n < 100; n++) {
      assertEquals("row " + n, rows.get(n));
    }
    for (long n = 100; n < 150; n++) {
      assertEquals("row " + n, rows.get(n));
    }
  }

  @Test
  @Order(1)
  void getFlightInfoNamesEveryShardAtItsReplicas() {
    FlightInfo info = client.getFlightInfo(SALES);
    FlightInfo one = direct(a, SALES);
    FlightInfo two = direct(c, SALES);
    assertEquals(SALES, info.descriptor());
    assertEquals(2, info.endpoints().size());
    assertEquals(List.of(a, b), uris(info.endpoints().get(0)));
    assertEquals(List.of(c), uris(info.endpoints().get(1)));
    assertEquals(Ticket.of("sales.arrows"), info.endpoints().get(0).ticket());
    assertEquals(Ticket.of("sales.arrows"), info.endpoints().get(1).ticket());
    assertEquals(150, info.totalRecords());
    assertEquals(100, one.totalRecords());
    assertEquals(one.totalBytes() + two.totalBytes(), info.totalBytes());
    assertTrue(info.totalBytes() > 0);
    assertEquals(one.schema(), info.schema());
    assertEquals("[n: Int(64, true), label: Utf8]", info.schema().getFields().toString());
    assertEquals(one.schema(), client.getSchema(SALES).schema());
    assertEquals(false, info.ordered());
  }

  @Test
  @Order(2)
  void theEndpointsHoldEveryRowOfEveryShard() throws Exception {
    assertEveryRow(readAll(client.getFlightInfo(SALES)));

    CliProcess.Result get = CliProcess.run("get", catalog.location(), "sales", "--format", "csv");
    assertEquals(0, get.exit(), get.show());
    StringBuilder expected = new StringBuilder("n,label\n");
    for (int n = 0; n < 150; n++) {
      expected.append(n).append(",row ").append(n).append('\n');
    }
    assertEquals(expected.toString(), get.out());
  }

  @Test
  @Order(3)
  void listFlightsMergesTheShardsByPath() {
    Map<String, FlightInfo> listed = new TreeMap<>();
    for (FlightInfo f : client.listFlights().toList()) {
      assertNull(listed.put(String.join("/", f.descriptor().path()), f), "listed twice: " + f);
    }
    assertEquals(List.of("gone", "mismatch", "only1", "sales"), List.copyOf(listed.keySet()));
    FlightInfo sales = listed.get("sales");
    assertEquals(150, sales.totalRecords());
    assertEquals(List.of(List.of(a, b), List.of(c)), sales.endpoints().stream().map(CliFleetIT::uris).toList());
    assertEquals(List.of(List.of(a, b)), listed.get("only1").endpoints().stream().map(CliFleetIT::uris).toList());
    assertEquals(2, listed.get("only1").totalRecords());
    assertEquals(List.of(List.of(c)), listed.get("gone").endpoints().stream().map(CliFleetIT::uris).toList());
    FlightInfo mismatch = listed.get("mismatch");
    assertNull(mismatch.schema());
    assertEquals(-1, mismatch.totalRecords());
    assertEquals("the shards disagree on the schema of mismatch: shard 1 has (v: Int(64, true)), shard 2 has"
        + " (v: Utf8)", new String(mismatch.appMetadata(), StandardCharsets.UTF_8));
  }

  @Test
  @Order(4)
  void refusals() {
    FlightNotFoundError missing = assertThrows(FlightNotFoundError.class,
        () -> client.getFlightInfo(FlightDescriptor.forPath("nope")));
    assertEquals("none of the 2 shards has flight nope (shard 1 says: no flight nope in the served directory)",
        missing.getMessage());
    assertThrows(FlightNotFoundError.class, () -> client.getSchema(FlightDescriptor.forPath("nope")));

    String disagree = "the shards disagree on the schema of mismatch: shard 1 has (v: Int(64, true)), shard 2 has"
        + " (v: Utf8)";
    FlightDescriptor mismatch = FlightDescriptor.forPath("mismatch");
    assertEquals(disagree, assertThrows(FlightInternalError.class, () -> client.getFlightInfo(mismatch)).getMessage());
    assertEquals(disagree, assertThrows(FlightInternalError.class, () -> client.getSchema(mismatch)).getMessage());

    FlightUnimplementedError noData = assertThrows(FlightUnimplementedError.class, () -> {
      try (FlightStreamReader r = client.doGet(Ticket.of("sales.arrows"))) {
        r.next();
      }
    });
    assertTrue(noData.getMessage().startsWith("the catalog holds no data: read the endpoints' locations"),
        noData.getMessage());

    // a command descriptor is forwarded as is: these shards know only the scan command
    String byCommand = assertThrows(dev.flightwire.FlightInvalidArgumentError.class,
        () -> client.getFlightInfo(FlightDescriptor.forCommand("SELECT 1"))).getMessage();
    assertTrue(byCommand.startsWith("shard 1 (" + a + ", " + b + "): this service's commands are JSON scans"),
        byCommand);
  }

  @Test
  @Order(5)
  void actionsReachEveryShard() {
    List<Result> layout = client.doAction(Action.of(CatalogService.LIST_SHARDS, "")).toList();
    assertEquals(List.of("{\"shards\":[{\"shard\":1,\"replicas\":[\"" + a + "\",\"" + b + "\"]},{\"shard\":2,"
        + "\"replicas\":[\"" + c + "\"]}]}"), layout.stream().map(Result::bodyAsString).toList());
    assertEquals(List.of(CatalogService.LIST_SHARDS, "delete", "write-commit", "write-abort", "counters"),
        client.listActions().toList().stream().map(ActionType::type).toList());

    // only shard 2 has it: shard 1's NOT_FOUND is left out
    assertEquals(List.of("deleted gone.csv"),
        client.doAction(Action.of("delete", "gone")).toList().stream().map(Result::bodyAsString).toList());
    FlightNotFoundError again = assertThrows(FlightNotFoundError.class,
        () -> client.doAction(Action.of("delete", "gone")).toList());
    assertEquals("none of the 2 shards has what action delete asks for (shard 1 says: no flight gone in the served"
        + " directory)", again.getMessage());
    assertThrows(FlightNotFoundError.class, () -> client.getFlightInfo(FlightDescriptor.forPath("gone")));
  }

  @Test
  @Order(6)
  void pyarrowReadsTheFleetThroughTheCatalog() throws Exception {
    String python = System.getProperty("flightwire.python", Paths.get("wire-tests/.venv/bin/python").toString());
    assumeTrue(Files.isExecutable(Paths.get(python)), "no pyarrow venv (bash wire-tests/setup.sh)");
    String script = String.join("\n",
        "import sys",
        "import pyarrow.flight as fl",
        "info = fl.connect(sys.argv[1]).get_flight_info(fl.FlightDescriptor.for_path('sales'))",
        "rows = {}",
        "for e in info.endpoints:",
        "    t = fl.connect(e.locations[0]).do_get(e.ticket).read_all()",
        "    rows.update(zip(t.column('n').to_pylist(), t.column('label').to_pylist()))",
        "print(info.total_records, [[l.uri.decode() for l in e.locations] for e in info.endpoints])",
        "print(sorted(rows) == list(range(150)) and all(rows[n] == 'row %d' % n for n in rows))");
    CliProcess.Result r = CliProcess.run(List.of(python, "-c", script, catalog.location()), Map.of());
    assertEquals(0, r.exit(), r.show());
    assertEquals("150 [['" + a + "', '" + b + "'], ['" + c + "']]\nTrue\n", r.out(), r.show());
  }

  @Test
  @Order(7)
  void aLostReplicaIsSkippedAndALostShardFailsTheCall() throws Exception {
    replicaA.close();
    replicaA = null;
    FlightInfo info = client.getFlightInfo(SALES);
    assertEquals(List.of(a, b), uris(info.endpoints().get(0)));
    assertEquals(150, info.totalRecords());
    // the fetcher finds 127.0.0.2 gone and reads shard 1's endpoint at 127.0.0.3
    assertEveryRow(readAll(info));
    // and so does flightwire get
    CliProcess.Result get = CliProcess.run("get", catalog.location(), "sales", "--format", "csv");
    assertEquals(0, get.exit(), get.show());
    assertEquals(151, get.out().split("\n").length, get.out());

    replicaB.close();
    replicaB = null;
    FlightUnavailableError down = assertThrows(FlightUnavailableError.class, () -> client.getFlightInfo(SALES));
    assertTrue(down.getMessage().startsWith("shard 1 (" + a + ", " + b + ") is unavailable, no replica answers: "),
        down.getMessage());
    assertThrows(FlightUnavailableError.class, () -> client.listFlights().toList());
    // the layout is the catalog's own: it answers without the shards
    assertEquals(1, client.doAction(Action.of(CatalogService.LIST_SHARDS, "")).toList().size());
  }

  @Test
  void aCatalogReachesShardsThatNeedTlsAndCredentials(@TempDir Path work) throws Exception {
    Files.writeString(work.resolve("t.csv"), "a\n1\n2\n");
    String ca = TestCerts.file("ca.pem").toString();
    try (CliProcess.Server secure = CliProcess.Server.start("--port", "0", "--dir", work.toString(),
        "--tls-cert", TestCerts.file("server.pem").toString(), "--tls-key", TestCerts.file("server.key").toString(),
        "--user", "bob", "--password", "pw");
        CliProcess.Server tlsCatalog = CliProcess.Server.start("--port", "0", "--shard", secure.location(),
            "--shard-tls-roots", ca, "--shard-user", "bob", "--shard-password", "pw");
        FlightClient toCatalog = FlightClient.connect(Location.parse(tlsCatalog.location()), options())) {
      assertTrue(secure.location().startsWith("grpc+tls://"), secure.location());
      FlightInfo info = toCatalog.getFlightInfo(FlightDescriptor.forPath("t"));
      assertEquals(2, info.totalRecords());
      assertEquals(List.of(secure.location()), uris(info.endpoints().get(0)));
    }
  }

  @Test
  void aCatalogTakesNoDirectoryAndChecksItsLocations() throws Exception {
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {"--shard", "grpc://127.0.0.1:1", "--dir", tmp.toString()});
    lines.add(new String[] {"--shard", "grpc://127.0.0.1:1,,grpc://127.0.0.1:2"});
    lines.add(new String[] {"--shard", "grpc://127.0.0.1:1", "--shard", "grpc://127.0.0.1:1"});
    lines.add(new String[] {"--shard-user", "u", "--shard-password", "p"});
    List<String> expected = List.of(
        "--shard makes a catalog of other servers, which holds no files: it cannot take --dir",
        "--shard grpc://127.0.0.1:1,,grpc://127.0.0.1:2: a location is empty (LOCS is LOCATION[,LOCATION...])",
        "--shard: grpc://127.0.0.1:1 is given twice (a server is in one shard, once)",
        "--shard-user is for a catalog: it needs --shard");
    for (int i = 0; i < lines.size(); i++) {
      List<String> argv = new ArrayList<>(List.of("serve", "--port", "0"));
      argv.addAll(List.of(lines.get(i)));
      CliProcess.Result r = CliProcess.run(argv.toArray(new String[0]));
      assertEquals(2, r.exit(), r.show());
      assertEquals("flightwire serve: " + expected.get(i) + " (see 'flightwire serve --help')\n", r.err());
    }
  }
}
