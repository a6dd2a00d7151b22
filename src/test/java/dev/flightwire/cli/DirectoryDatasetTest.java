package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.Action;
import dev.flightwire.ActionType;
import dev.flightwire.DoPutStreams;
import dev.flightwire.FlightAlreadyExistsError;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInternalError;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightNotFoundError;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.testing.LocalPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datasets (a directory with a {@code .dataset} file is one flight, one endpoint per file) and
 * staged writes ({@code _staging} uploads, {@code write-commit} in its three modes,
 * {@code write-abort}) of {@code serve --dir}, in process.
 */
class DirectoryDatasetTest {
  static final Schema SCHEMA = new Schema(List.of(Field.nullable("n", new ArrowType.Int(64, true)),
      Field.nullable("s", ArrowType.Utf8.INSTANCE)));
  static final Schema OTHER = new Schema(List.of(Field.nullable("n", new ArrowType.Int(64, true))));

  @TempDir
  Path dir;
  private LocalPair pair;
  private FlightClient client;
  private final List<String> callLog = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    pair = LocalPair.start(a -> {
      try {
        return new DirectoryService(dir, a);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, b -> b.callLog(callLog::add), o -> o);
    client = pair.client();
  }

  @AfterEach
  void stop() {
    pair.close();
  }

  /** {@code rows} rows from {@code from}: n, s ("v" + n). */
  private static void fill(VectorSchemaRoot root, long from, int rows) {
    root.allocateNew();
    BigIntVector n = (BigIntVector) root.getVector("n");
    for (int i = 0; i < rows; i++) {
      n.setSafe(i, from + i);
    }
    if (root.getVector("s") != null) {
      VarCharVector s = (VarCharVector) root.getVector("s");
      for (int i = 0; i < rows; i++) {
        s.setSafe(i, ("v" + (from + i)).getBytes(StandardCharsets.UTF_8));
      }
    }
    root.setRowCount(rows);
  }

  static void writeFile(Path file, Schema schema, boolean fileFormat, long from, int rows) throws IOException {
    Files.createDirectories(file.getParent());
    try (BufferAllocator a = new RootAllocator(); VectorSchemaRoot root = VectorSchemaRoot.create(schema, a);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ArrowWriter w = fileFormat ? new ArrowFileWriter(root, null, ch) : new ArrowStreamWriter(root, null, ch)) {
      w.start();
      fill(root, from, rows);
      w.writeBatch();
      w.end();
    }
  }

  private static void dataset(Path d) throws IOException {
    Files.createDirectories(d);
    Files.writeString(d.resolve(".dataset"), "");
  }

  private String upload(Schema schema, long from, int rows, String... path) {
    try (DoPutStreams put = client.doPut(FlightDescriptor.forPath(path), schema);
        VectorSchemaRoot batch = VectorSchemaRoot.create(schema, pair.clientAllocator())) {
      fill(batch, from, rows);
      put.writer().writeBatch(batch);
      put.writer().doneWriting();
      byte[] ack = put.reader().read();
      put.complete();
      return ack == null ? null : new String(ack, StandardCharsets.UTF_8);
    }
  }

  private String action(String type, String body) {
    return client.doAction(Action.of(type, body)).next().bodyAsString();
  }

  private List<String> flights() {
    List<String> out = new ArrayList<>();
    for (FlightInfo i : client.listFlights().toList()) {
      out.add(String.join("/", i.descriptor().path()));
    }
    return out;
  }

  private List<String> tickets(FlightInfo info) {
    return info.endpoints().stream().map(e -> e.ticket().asString()).toList();
  }

  /** The n column of every endpoint's rows, in endpoint order. */
  private List<Long> values(FlightInfo info) {
    List<Long> out = new ArrayList<>();
    for (FlightEndpoint e : info.endpoints()) {
      try (FlightStreamReader r = client.doGet(e.ticket())) {
        while (r.next()) {
          BigIntVector n = (BigIntVector) r.root().getVector("n");
          for (int i = 0; i < r.root().getRowCount(); i++) {
            out.add(n.get(i));
          }
        }
      }
    }
    return out;
  }

  private static List<Long> range(long from, int n) {
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(from + i);
    }
    return out;
  }

  private List<String> files(Path under) throws IOException {
    if (!Files.exists(under)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(under)) {
      return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void aDatasetIsOneFlightWithAnEndpointPerFile() throws Exception {
    Path sales = dir.resolve("sub/sales");
    dataset(sales);
    writeFile(sales.resolve("part-b.arrows"), SCHEMA, false, 100, 5);
    writeFile(sales.resolve("part-a.arrow"), SCHEMA, true, 0, 3);
    writeFile(sales.resolve(".hidden.arrows"), SCHEMA, false, 0, 1);
    writeFile(sales.resolve("deeper/x.arrows"), SCHEMA, false, 0, 1);
    Files.writeString(sales.resolve("notes.txt"), "not data");
    writeFile(dir.resolve("sub/sales.arrows"), OTHER, false, 7, 2);
    dataset(dir.resolve("empty"));

    assertEquals(List.of("sub/sales", "sub/sales.arrows"), flights());
    FlightInfo info = client.getFlightInfo(FlightDescriptor.forPath("sub", "sales"));
    assertEquals(List.of("sub/sales/part-a.arrow", "sub/sales/part-b.arrows"), tickets(info));
    assertEquals(8, info.totalRecords());
    assertEquals(SCHEMA, info.schema());
    assertEquals(SCHEMA, client.getSchema(FlightDescriptor.forPath("sub", "sales")).schema());
    assertEquals(List.of(0L, 1L, 2L, 100L, 101L, 102L, 103L, 104L), values(info));
    FlightInfo listed = client.listFlights().toList().get(0);
    assertEquals(tickets(info), tickets(listed));
    assertEquals(info.totalBytes(), listed.totalBytes());
    assertEquals(List.of(7L, 8L), values(client.getFlightInfo(FlightDescriptor.forPath("sub", "sales.arrows"))));

    // a scan of a dataset: one endpoint per file, each ticket carrying the scan
    FlightInfo scan = client.getFlightInfo(FlightDescriptor.forCommand("{\"type\": \"flightwire.scan\", \"path\":"
        + " [\"sub\", \"sales\"], \"columns\": [\"n\"], \"filters\": [{\"column\": \"n\", \"op\": \"in\", \"value\":"
        + " [1, 2, 103]}]}"));
    assertEquals(2, scan.endpoints().size());
    assertTrue(tickets(scan).get(0).startsWith("{\"type\": \"flightwire.scan\", \"file\": \"sub/sales/part-a.arrow\""),
        tickets(scan).toString());
    assertEquals(List.of(1L, 2L, 103L), values(scan));
    assertEquals(List.of("n"), scan.schema().getFields().stream().map(Field::getName).toList());

    assertEquals("no flight sub/sales/part-a in the served directory: sub/sales is a dataset, one flight whose files"
        + " are not flights of their own", assertThrows(FlightNotFoundError.class,
            () -> client.getFlightInfo(FlightDescriptor.forPath("sub", "sales", "part-a"))).getMessage());
    assertEquals("no flight empty in the served directory: the dataset has no data files",
        assertThrows(FlightNotFoundError.class, () -> client.getFlightInfo(FlightDescriptor.forPath("empty")))
            .getMessage());
    assertTrue(assertThrows(FlightInvalidArgumentError.class, () -> upload(SCHEMA, 0, 1, "sub", "sales", "more"))
        .getMessage().startsWith("cannot upload into sub/sales, a dataset"));
    assertTrue(assertThrows(FlightAlreadyExistsError.class, () -> upload(SCHEMA, 0, 1, "empty"))
        .getMessage().startsWith("flight empty exists (the dataset empty)"));

    // files of different schemas
    writeFile(dir.resolve("odd/a.arrows"), SCHEMA, false, 0, 1);
    writeFile(dir.resolve("odd/b.arrows"), OTHER, false, 0, 1);
    dataset(dir.resolve("odd"));
    assertEquals("the files of the dataset odd differ in schema: odd/b.arrows has not the schema of odd/a.arrows",
        assertThrows(FlightInternalError.class, () -> client.getFlightInfo(FlightDescriptor.forPath("odd")))
            .getMessage());
    FlightInfo odd = client.listFlights().toList().get(0);
    assertEquals(List.of("odd"), odd.descriptor().path());
    assertTrue(new String(odd.appMetadata(), StandardCharsets.UTF_8).contains("differ in schema"));

    assertEquals("deleted the dataset sub/sales", action("delete", "sub/sales"));
    assertFalse(Files.exists(sales));
    assertEquals(List.of("odd", "sub/sales"), flights());
  }

  @Test
  void stagedFilesAppearOnlyOnCommit() throws Exception {
    assertEquals("staged job-1/part-0.arrows (3 rows)", upload(SCHEMA, 0, 3, "_staging", "job-1", "part-0"));
    assertEquals("staged job-1/part-1.arrows (2 rows)", upload(SCHEMA, 10, 2, "_staging", "job-1", "part-1.arrows"));
    assertEquals(List.of(), flights());
    assertEquals(List.of(".staging/job-1/part-0.arrows", ".staging/job-1/part-1.arrows"), files(dir));
    assertTrue(assertThrows(FlightAlreadyExistsError.class, () -> upload(SCHEMA, 0, 1, "_staging", "job-1", "part-0"))
        .getMessage().startsWith("job job-1 has staged part-0.arrows already"));

    assertEquals("{\"path\": \"out/sales\", \"files\": 2, \"rows\": 5}", action("write-commit",
        "{\"path\": [\"out\", \"sales\"], \"job\": \"job-1\", \"mode\": \"create\"}"));
    assertEquals(List.of("out/sales"), flights());
    assertEquals(List.of("out/sales/.dataset", "out/sales/part-0.arrows", "out/sales/part-1.arrows"), files(dir));
    FlightInfo info = client.getFlightInfo(FlightDescriptor.forPath("out", "sales"));
    assertEquals(5, info.totalRecords());
    assertEquals(List.of(0L, 1L, 2L, 10L, 11L), values(info));

    // create: the flight must be new
    upload(SCHEMA, 50, 1, "_staging", "job-2", "part-0");
    assertEquals("flight out/sales exists (out/sales); mode create needs a new flight",
        assertThrows(FlightAlreadyExistsError.class, () -> action("write-commit",
            "{\"path\": [\"out\", \"sales\"], \"job\": \"job-2\", \"mode\": \"create\"}")).getMessage());
    // append: a file of the same name is refused before anything moves
    assertTrue(assertThrows(FlightAlreadyExistsError.class, () -> action("write-commit",
        "{\"path\": [\"out\", \"sales\"], \"job\": \"job-2\", \"mode\": \"append\"}")).getMessage()
        .startsWith("the dataset out/sales has a file part-0.arrows already"));
    upload(SCHEMA, 60, 2, "_staging", "job-3", "part-9");
    assertEquals("{\"path\": \"out/sales\", \"files\": 1, \"rows\": 2}", action("write-commit",
        "{\"path\": [\"out\", \"sales\"], \"job\": \"job-3\", \"mode\": \"append\"}"));
    assertEquals(List.of(0L, 1L, 2L, 10L, 11L, 60L, 61L),
        values(client.getFlightInfo(FlightDescriptor.forPath("out", "sales"))));
    // append with another schema: refused, nothing moves
    upload(OTHER, 70, 1, "_staging", "job-4", "x");
    assertTrue(assertThrows(FlightInvalidArgumentError.class, () -> action("write-commit",
        "{\"path\": [\"out\", \"sales\"], \"job\": \"job-4\", \"mode\": \"append\"}")).getMessage()
        .startsWith("the schema of .staging/job-4/x.arrows differs from that of out/sales/part-0.arrows"));
    assertTrue(Files.exists(dir.resolve(".staging/job-4/x.arrows")));
    // overwrite: only the job's files remain, whatever their schema
    assertEquals("{\"path\": \"out/sales\", \"files\": 1, \"rows\": 1}", action("write-commit",
        "{\"path\": [\"out\", \"sales\"], \"job\": \"job-4\", \"mode\": \"overwrite\"}"));
    FlightInfo replaced = client.getFlightInfo(FlightDescriptor.forPath("out", "sales"));
    assertEquals(OTHER, replaced.schema());
    assertEquals(List.of(70L), values(replaced));
    // abort: what job-2 staged is gone, and aborting again is fine
    assertEquals("{\"job\": \"job-2\", \"deleted\": true}", action("write-abort", "{\"job\": \"job-2\"}"));
    assertEquals("{\"job\": \"job-2\", \"deleted\": false}", action("write-abort", "{\"job\": \"job-2\"}"));
    assertEquals(List.of("out/sales/.dataset", "out/sales/x.arrows"), files(dir));
    assertEquals(List.of(), files(dir.resolve(".staging")));
  }

  @Test
  void modesAgainstPlainFilesAndBadRequests() throws Exception {
    writeFile(dir.resolve("plain.arrows"), SCHEMA, false, 0, 2);
    upload(SCHEMA, 5, 1, "_staging", "j", "p");
    assertEquals("cannot append to plain: it is a file (plain.arrows), not a dataset; write it with mode overwrite"
        + " to replace it by a dataset", assertThrows(FlightInvalidArgumentError.class, () -> action("write-commit",
            "{\"path\": [\"plain\"], \"job\": \"j\", \"mode\": \"append\"}")).getMessage());
    assertEquals("flight plain exists (plain.arrows); mode create needs a new flight",
        assertThrows(FlightAlreadyExistsError.class, () -> action("write-commit",
            "{\"path\": [\"plain\"], \"job\": \"j\", \"mode\": \"create\"}")).getMessage());
    assertEquals("{\"path\": \"plain\", \"files\": 1, \"rows\": 1}", action("write-commit",
        "{\"path\": [\"plain\"], \"job\": \"j\", \"mode\": \"overwrite\"}"));
    assertEquals(List.of(".dataset", "p.arrows"), Files.list(dir.resolve("plain")).map(p -> p.getFileName().toString())
        .sorted().toList());
    assertFalse(Files.exists(dir.resolve("plain.arrows")));
    assertEquals(List.of(5L), values(client.getFlightInfo(FlightDescriptor.forPath("plain"))));
    // append creates a dataset that does not exist
    upload(SCHEMA, 6, 1, "_staging", "k", "p");
    assertEquals("{\"path\": \"new\", \"files\": 1, \"rows\": 1}", action("write-commit",
        "{\"path\": [\"new\"], \"job\": \"k\", \"mode\": \"append\"}"));
    assertEquals(List.of("new", "plain"), flights());

    Files.writeString(dir.resolve("blocker"), "not data");
    assertEquals("cannot make the dataset blocker: a file blocker is in the way", assertThrows(
        FlightInvalidArgumentError.class, () -> action("write-commit",
            "{\"path\": [\"blocker\"], \"job\": \"k\", \"mode\": \"create\"}")).getMessage());
    Files.createDirectories(dir.resolve("folder"));
    writeFile(dir.resolve("folder/f.arrows"), SCHEMA, false, 0, 1);
    assertTrue(assertThrows(FlightInvalidArgumentError.class, () -> action("write-commit",
        "{\"path\": [\"folder\"], \"job\": \"k\", \"mode\": \"overwrite\"}")).getMessage()
        .startsWith("folder is a directory of flights, not a dataset"));
    for (String body : List.of("{\"path\": [\"x\"], \"job\": \"a/b\", \"mode\": \"create\"}",
        "{\"path\": [\"x\"], \"job\": \"..\", \"mode\": \"create\"}",
        "{\"path\": [\"..\", \"x\"], \"job\": \"a\", \"mode\": \"create\"}",
        "{\"path\": [\"x\"], \"job\": \"a\", \"mode\": \"upsert\"}",
        "{\"path\": [\"x\"], \"job\": \"a\"}",
        "{\"path\": [\"x.arrows\"], \"job\": \"a\", \"mode\": \"create\"}",
        "{\"path\": [\"_staging\"], \"job\": \"a\", \"mode\": \"create\"}",
        "{\"path\": [\"x\"], \"job\": \"a\", \"mode\": \"create\", \"extra\": 1}",
        "not json")) {
      assertThrows(FlightInvalidArgumentError.class, () -> action("write-commit", body), body);
    }
    assertEquals("a job id is 1 to 128 letters, digits, '-' and '_', not \"a b\"",
        assertThrows(FlightInvalidArgumentError.class, () -> action("write-abort", "{\"job\": \"a b\"}")).getMessage());
    assertThrows(FlightInvalidArgumentError.class, () -> upload(SCHEMA, 0, 1, "_staging", "a b", "x"));
    assertThrows(FlightInvalidArgumentError.class, () -> upload(SCHEMA, 0, 1, "_staging", "job", "x.csv"));
    assertThrows(FlightInvalidArgumentError.class, () -> upload(SCHEMA, 0, 1, "_staging", "job"));
    assertEquals(List.of("counters", "delete", "write-abort", "write-commit"),
        client.listActions().toList().stream().map(ActionType::type).sorted().toList());
    String commitHelp = client.listActions().toList().stream().filter(t -> t.type().equals("write-commit"))
        .findFirst().orElseThrow().description();
    assertTrue(commitHelp.contains("[, \"files\": [NAME, ...]]"), commitHelp);
  }

  private String awaitCall(String method) throws InterruptedException {
    return dev.flightwire.testing.Waits.line(callLog, method + " ", java.time.Duration.ofSeconds(10));
  }

  @Test
  void aCancelledStagedUploadLeavesNoFile() throws Exception {
    IllegalStateException boom = assertThrows(IllegalStateException.class, () -> {
      try (DoPutStreams put = client.doPut(FlightDescriptor.forPath("_staging", "job", "part-0"), SCHEMA);
          VectorSchemaRoot batch = VectorSchemaRoot.create(SCHEMA, pair.clientAllocator())) {
        for (int i = 0; i < 3; i++) {
          fill(batch, i * 1000L, 1000);
          put.writer().writeBatch(batch);
        }
        throw new IllegalStateException("the task failed after three batches");
      }
    });
    assertEquals(0, boom.getSuppressed().length);
    assertTrue(awaitCall("DoPut").contains(" CANCELLED "), callLog.toString());
    assertEquals(List.of(), files(dir));
    assertEquals("{\"path\": \"d\", \"files\": 0, \"rows\": 0}", action("write-commit",
        "{\"path\": [\"d\"], \"job\": \"job\", \"mode\": \"create\"}"));
    assertEquals(List.of(), flights(), "a dataset without files is not listed");
  }
}
