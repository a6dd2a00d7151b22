package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client commands against {@code serve} (the demo service) over plain TCP, run from the built
 * jar: list, info, schema, get to the terminal and to files, put from CSV and Arrow IPC and back,
 * actions, and what goes wrong.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliDemoIT {
  private CliProcess.Server server;
  private String location;

  @BeforeAll
  void start() throws IOException {
    server = CliProcess.Server.start("--port", "0");
    location = server.location("grpc");
  }

  @AfterAll
  void stop() throws InterruptedException {
    server.close();
  }

  private static CliProcess.Result ok(String... args) throws Exception {
    CliProcess.Result r = CliProcess.run(args);
    assertEquals(0, r.exit(), r.show());
    return r;
  }

  /** A failure: the exit code, and one line on stderr that is returned. */
  private static String fails(int exit, String... args) throws Exception {
    CliProcess.Result r = CliProcess.run(args);
    assertEquals(exit, r.exit(), r.show());
    assertEquals(1, r.err().lines().count(), r.show());
    assertFalse(r.err().contains("\tat "), r.show());
    return r.err().strip();
  }

  @Test
  void listsTheFlights() throws Exception {
    String out = ok("list", location).out();
    assertTrue(out.matches("(?s)FLIGHT +RECORDS +BYTES +ENDPOINTS +COLUMNS\n-+ +-+ .*"), out);
    assertTrue(out.matches("(?s).*\ndataset/sales +3 +103 +1  date, amount, region\n.*"), out);
    assertTrue(out.matches("(?s).*\nstreaming/numbers +10000 +1  id, random_value\n.*"), out);
    assertTrue(out.matches("(?s).*\n\\(\\d+ flights\\)\n"), out);
  }

  @Test
  void describesAFlight() throws Exception {
    String info = ok("info", location, "dataset/products").out();
    assertEquals("descriptor: dataset/products\nrecords:    3\nbytes:      91 (91 B)\nordered:    false\nschema:\n"
        + "  id: int64\n  name: utf8\n  price: float64\nendpoints:  1\n  1. ticket: dataset/products\n"
        + "     locations: (this service)\n", info);
    assertEquals("timestamp: timestamp[s]\nsensor_id: utf8\nvalue: float64\n",
        ok("schema", location, "streaming/time_series").out());
  }

  @Test
  void getShowsATableOnStdoutAndASummaryOnStderr() throws Exception {
    CliProcess.Result r = ok("get", location, "dataset/sales");
    assertEquals("date        amount  region\n"
        + "----------  ------  ------\n"
        + "2023-01-01   100.0  North\n"
        + "2023-01-02   150.0  South\n"
        + "2023-01-03   200.0  East\n"
        + "(3 rows)\n", r.out());
    assertTrue(r.err().matches("get: 3 rows in 1 batch, 103 B in [0-9.]+ s \\(.*/s\\)\n"), r.show());
    CliProcess.Result limited = ok("get", location, "streaming/numbers", "--limit", "2", "--progress", "none");
    List<String> lines = limited.out().lines().toList();
    assertEquals(5, lines.size(), limited.show());
    assertTrue(lines.get(2).matches(" 0 +0\\.\\d+"), limited.show());
    assertEquals("... 9,998 more rows (10,000 in all; --limit N shows more, --format csv shows all)", lines.get(4));
    assertEquals("", limited.err());
  }

  @Test
  void getWritesArrowAndCsvFiles(@TempDir Path dir) throws Exception {
    Path stream = dir.resolve("numbers.arrows");
    Path file = dir.resolve("numbers.arrow");
    Path csv = dir.resolve("products.csv");
    ok("get", location, "streaming/numbers", "--output", stream.toString());
    ok("get", location, "streaming/numbers", "--output", file.toString());
    CliProcess.Result c = ok("get", location, "dataset/products", "--output", csv.toString());
    assertEquals("", c.out());
    assertEquals("id,name,price\n1,Widget A,10.99\n2,Widget B,15.99\n3,Widget C,20.99\n", Files.readString(csv));
    try (BufferAllocator a = new RootAllocator()) {
      try (ArrowStreamReader r = new ArrowStreamReader(Files.newInputStream(stream), a)) {
        assertIds(r.getVectorSchemaRoot(), r::loadNextBatch);
      }
      try (ArrowFileReader r = new ArrowFileReader(FileChannel.open(file, StandardOpenOption.READ), a)) {
        assertEquals(10, r.getRecordBlocks().size());
        assertIds(r.getVectorSchemaRoot(), r::loadNextBatch);
      }
    }
    try (var files = Files.list(dir)) {
      assertEquals(3, files.count(), "no temporary file is left behind");
    }
  }

  private interface Loader {
    boolean load() throws IOException;
  }

  /** The demo's numbers: ids 0..9999 in order. */
  private static void assertIds(VectorSchemaRoot root, Loader next) throws IOException {
    assertEquals(new ArrowType.Int(64, true), root.getSchema().findField("id").getType());
    long expected = 0;
    while (next.load()) {
      BigIntVector id = (BigIntVector) root.getVector("id");
      for (int i = 0; i < root.getRowCount(); i++) {
        assertEquals(expected++, id.get(i));
      }
    }
    assertEquals(10_000, expected);
  }

  @Test
  void putsACsvFileAndGetsItBack(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("people.csv");
    Files.writeString(in, "name,age,score,member,note\r\n"
        + "\"Smith, Jo\",42,3.5,true,\"said \"\"hi\"\"\"\r\n"
        + "Doe,,2,FALSE,\"\"\r\n"
        + "\"two\nlines\",7,-0.25,,\r\n");
    CliProcess.Result put = ok("put", location, "uploads/people", "--input", in.toString());
    assertEquals("", put.out());
    assertTrue(put.err().startsWith("put: 3 rows in 1 batch, "), put.show());
    assertEquals("name: utf8\nage: int64\nscore: float64\nmember: bool\nnote: utf8\n",
        ok("schema", location, "uploads/people").out());
    Path back = dir.resolve("back.csv");
    ok("get", location, "uploads/people", "--output", back.toString());
    assertEquals("name,age,score,member,note\n"
        + "\"Smith, Jo\",42,3.5,true,\"said \"\"hi\"\"\"\n"
        + "Doe,,2.0,false,\"\"\n"
        + "\"two\nlines\",7,-0.25,,\n", Files.readString(back));
    assertEquals("name         age  score  member  note\n"
        + "----------  ----  -----  ------  ---------\n"
        + "Smith, Jo     42    3.5  true    said \"hi\"\n"
        + "Doe         null    2.0  false\n"
        + "two\\nlines     7  -0.25  null    null\n"
        + "(3 rows)\n", ok("get", location, "uploads/people").out());
  }

  @Test
  void putsAnArrowFileInBatchesAndGetsItBack(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("words.arrow");
    try (BufferAllocator a = new RootAllocator()) {
      BigIntVector n = new BigIntVector("n", a);
      VarCharVector word = new VarCharVector("word", a);
      try (VectorSchemaRoot root = new VectorSchemaRoot(List.of(n, word));
          FileChannel ch = FileChannel.open(in, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
        w.start();
        for (int b = 0; b < 3; b++) {
          root.allocateNew();
          for (int i = 0; i < 1000; i++) {
            n.set(i, b * 1000L + i);
            word.setSafe(i, ("w" + (b * 1000 + i)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
          }
          root.setRowCount(1000);
          w.writeBatch();
        }
        w.end();
      }
    }
    CliProcess.Result put = ok("put", location, "uploads/words", "--input", in.toString());
    assertTrue(put.err().startsWith("put: 3,000 rows in 3 batches, "), put.show());
    Path back = dir.resolve("back.arrows");
    ok("get", location, "uploads/words", "--output", back.toString());
    try (BufferAllocator a = new RootAllocator();
        ArrowStreamReader r = new ArrowStreamReader(Files.newInputStream(back), a)) {
      long rows = 0;
      while (r.loadNextBatch()) {
        VectorSchemaRoot root = r.getVectorSchemaRoot();
        for (int i = 0; i < root.getRowCount(); i++, rows++) {
          assertEquals(rows, ((BigIntVector) root.getVector("n")).get(i));
          assertEquals("w" + rows, root.getVector("word").getObject(i).toString());
        }
      }
      assertEquals(3000, rows);
    }
  }

  @Test
  void actions() throws Exception {
    assertEquals("TYPE         DESCRIPTION\n"
        + "-----------  ----------------------\n"
        + "list_tables  List all stored tables\n"
        + "get_stats    Get server statistics\n"
        + "(2 actions)\n", ok("actions", location).out());
    String tables = ok("action", location, "list_tables").out();
    assertTrue(tables.contains("dataset/products\ndataset/sales\n"), tables);
    String stats = ok("action", location, "get_stats").out();
    assertTrue(stats.matches("\\{\"table_count\": \\d+, \"total_rows\": \\d+, \"total_bytes\": \\d+\\}\n"), stats);
  }

  @Test
  void headersTimeoutsAndAUnixSocket(@TempDir Path dir) throws Exception {
    ok("list", location, "--header", "x-request-id=cli-test", "--header", "x-blob-bin=AAEC", "--timeout", "30");
    Path socket = dir.resolve("flight.sock");
    try (CliProcess.Server unix = CliProcess.Server.start("--unix", socket.toString())) {
      assertEquals("grpc+unix://" + socket, unix.location());
      assertTrue(ok("list", "grpc+unix://" + socket).out().contains("dataset/sales"));
    }
  }

  @Test
  void failuresAreOneLineWithAnExitCode(@TempDir Path dir) throws Exception {
    // the demo service answers an unknown path with NOT_FOUND (the seed's said UNAVAILABLE, which
    // reads as "the server is down")
    assertEquals("flightwire get: not found: Unknown path: nope/x", fails(1, "get", location, "nope/x"));
    assertEquals("flightwire info: not found: Unknown path: nope", fails(1, "info", location, "nope"));
    assertEquals("flightwire action: not found: Unknown action: explode", fails(1, "action", location, "explode"));
    // the demo echoes an exchange; one that sends nothing gets nothing back
    String echo = ok("exchange", location, "anything").err();
    assertTrue(echo.contains("the service sent no data back"), echo);
    assertEquals("flightwire put: --input: no such file: " + dir.resolve("missing.csv")
        + " (see 'flightwire put --help')", fails(2, "put", location, "x", "--input", dir.resolve("missing.csv").toString()));
    Path txt = Files.writeString(dir.resolve("data.txt"), "a\n1\n");
    assertTrue(fails(2, "put", location, "x", "--input", txt.toString()).contains("cannot tell its format"));
    Path broken = Files.writeString(dir.resolve("broken.csv"), "a,b\n1,2\n3\n");
    assertEquals("flightwire put: broken.csv line 3: 1 field, but the header has 2",
        fails(1, "put", location, "x", "--input", broken.toString()));
    Path notArrow = Files.writeString(dir.resolve("fake.arrow"), "not arrow at all");
    assertTrue(fails(1, "put", location, "x", "--input", notArrow.toString())
        .startsWith("flightwire put: fake.arrow is not an Arrow IPC file or stream"));
    assertEquals("flightwire get: --limit is for tables; csv output has every row (see 'flightwire get --help')",
        fails(2, "get", location, "dataset/sales", "--format", "csv", "--limit", "3"));
    assertTrue(fails(2, "get", location, "dataset/sales", "--output", "/nonexistent/dir/x.csv")
        .contains("does not exist"));
  }

  /** A stream whose dictionary is replaced between its two batches: values a, b, then z. */
  private static void writeReplacingDictionary(Path file) throws IOException {
    DictionaryEncoding encoding = new DictionaryEncoding(1, false, new ArrowType.Int(32, true));
    Field field = new Field("c", new FieldType(true, new ArrowType.Int(32, true), encoding), null);
    try (BufferAllocator allocator = new RootAllocator();
        VarCharVector values = new VarCharVector("values", allocator);
        VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(List.of(field)), allocator);
        OutputStream out = Files.newOutputStream(file)) {
      DictionaryProvider.MapDictionaryProvider dictionaries = new DictionaryProvider.MapDictionaryProvider();
      dictionaries.put(new Dictionary(values, encoding));
      IntVector indices = (IntVector) root.getVector(0);
      try (ArrowStreamWriter writer = new ArrowStreamWriter(root, dictionaries, out)) {
        writer.start();
        values.setSafe(0, "a".getBytes(StandardCharsets.UTF_8));
        values.setSafe(1, "b".getBytes(StandardCharsets.UTF_8));
        values.setValueCount(2);
        indices.setSafe(0, 0);
        indices.setSafe(1, 1);
        root.setRowCount(2);
        writer.writeBatch();
        values.reset();
        values.setSafe(0, "z".getBytes(StandardCharsets.UTF_8));
        values.setValueCount(1);
        indices.setSafe(0, 0);
        root.setRowCount(1);
        writer.writeBatch();
        writer.end();
      }
    }
  }

  /** The values of the one dictionary-encoded column of an IPC stream, decoded batch by batch. */
  private static List<String> decodedValues(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator();
        ArrowStreamReader reader = new ArrowStreamReader(Files.newInputStream(file), allocator)) {
      while (reader.loadNextBatch()) {
        IntVector indices = (IntVector) reader.getVectorSchemaRoot().getVector(0);
        long id = indices.getField().getDictionary().getId();
        VarCharVector values = (VarCharVector) reader.lookup(id).getVector();
        for (int i = 0; i < indices.getValueCount(); i++) {
          out.add(new String(values.get(indices.get(i)), StandardCharsets.UTF_8));
        }
      }
    }
    return out;
  }

  @Test
  void keepsADictionaryReplacedMidStream(@TempDir Path dir) throws Exception {
    Path in = dir.resolve("replace.arrows");
    writeReplacingDictionary(in);
    assertEquals(List.of("a", "b", "z"), decodedValues(in));
    ok("put", location, "cli/replace", "--input", in.toString(), "--progress", "none");
    Path back = dir.resolve("back.arrows");
    ok("get", location, "cli/replace", "--output", back.toString(), "--progress", "none");
    assertEquals(List.of("a", "b", "z"), decodedValues(back));
    // an IPC file holds one dictionary per column: refused, and no file is left behind
    Path file = dir.resolve("back.arrow");
    String err = fails(1, "get", location, "cli/replace", "--output", file.toString(), "--progress", "none");
    assertTrue(err.contains("dictionary of column \"c\" changed after the first batch") && err.contains(".arrows"), err);
    assertFalse(Files.exists(file));
  }
}
