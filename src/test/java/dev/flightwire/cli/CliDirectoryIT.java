package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.testing.TestCerts;
import java.io.IOException;
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
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --dir} with a prepared directory (CSV, Arrow IPC stream, file and feather files,
 * a subdirectory), driven by the client commands: listing, reading each format, uploads appearing
 * as files, refusals (existing flight, path traversal, ambiguity), echo exchange, delete.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliDirectoryIT {
  @TempDir
  static Path tmp;
  private Path dir;
  private CliProcess.Server server;
  private String location;

  private static final String TRIPS_CSV = "city,km,paid,note\n"
      + "Oslo,12,true,\"cold, windy\"\n"
      + "Lima,3.5,false,\n"
      + "\"New\nYork\",,true,\"\"\n";

  @BeforeAll
  void start() throws Exception {
    dir = tmp.resolve("served");
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("trips.csv"), TRIPS_CSV);
    Files.writeString(dir.resolve("dup.csv"), "x\n1\n");
    Files.writeString(dir.resolve("notes.txt"), "not data\n");
    Files.writeString(dir.resolve(".hidden.csv"), "x\n1\n");
    try (BufferAllocator a = new RootAllocator()) {
      writeNumbers(a, dir.resolve("sub/points.arrow"), true, 2, 500);
      writeNumbers(a, dir.resolve("events.arrows"), false, 3, 4);
      writeNumbers(a, dir.resolve("legacy.feather"), true, 1, 2);
      writeNumbers(a, dir.resolve("dup.arrows"), false, 1, 1);
    }
    server = CliProcess.Server.start("--port", "0", "--dir", dir.toString());
    location = server.location();
  }

  @AfterAll
  void stop() throws InterruptedException {
    server.close();
  }

  /** {@code batches} batches of {@code rows} rows: n (0, 1, ...), half (n / 2), label ("row n"). */
  private static void writeNumbers(BufferAllocator a, Path file, boolean fileFormat, int batches, int rows)
      throws IOException {
    BigIntVector n = new BigIntVector("n", a);
    Float8Vector half = new Float8Vector("half", a);
    VarCharVector label = new VarCharVector("label", a);
    try (VectorSchemaRoot root = new VectorSchemaRoot(List.of(n, half, label));
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ArrowWriter w = fileFormat ? new ArrowFileWriter(root, null, ch) : new ArrowStreamWriter(root, null, ch)) {
      w.start();
      long next = 0;
      for (int b = 0; b < batches; b++) {
        root.allocateNew();
        for (int i = 0; i < rows; i++, next++) {
          n.set(i, next);
          half.set(i, next / 2.0);
          label.setSafe(i, ("row " + next).getBytes(StandardCharsets.UTF_8));
        }
        root.setRowCount(rows);
        w.writeBatch();
      }
      w.end();
    }
  }

  private static CliProcess.Result ok(String... args) throws Exception {
    CliProcess.Result r = CliProcess.run(args);
    assertEquals(0, r.exit(), r.show());
    return r;
  }

  private static String fails(String... args) throws Exception {
    CliProcess.Result r = CliProcess.run(args);
    assertEquals(1, r.exit(), r.show());
    assertEquals(1, r.err().lines().count(), r.show());
    return r.err().strip();
  }

  /** The FLIGHT column of {@code list}. */
  private List<String> flights() throws Exception {
    List<String> names = new ArrayList<>();
    List<String> lines = ok("list", location).out().lines().toList();
    for (String line : lines.subList(2, lines.size() - 1)) {
      names.add(line.split(" +")[0]);
    }
    return names;
  }

  @Test
  void listsEachDataFileAsAFlight() throws Exception {
    List<String> names = flights();
    for (String expected : List.of("dup.arrows", "dup.csv", "events", "legacy", "sub/points", "trips")) {
      assertTrue(names.contains(expected), names.toString());
    }
    assertFalse(names.contains("notes"), names.toString());
    assertFalse(names.contains(".hidden"), names.toString());
    String out = ok("list", location).out();
    assertTrue(out.matches("(?s).*\\nsub/points +1000 +\\d+ +1  n, half, label\\n.*"), out);
    assertTrue(out.matches("(?s).*\\ntrips +3 +\\d+ +1  city, km, paid, note\\n.*"), out);
  }

  @Test
  void describesFilesWithTheirTotals() throws Exception {
    String info = ok("info", location, "sub/points").out();
    assertTrue(info.startsWith("descriptor: sub/points\nrecords:    1,000\nbytes:      "), info);
    assertTrue(info.contains("schema:\n  n: int64\n  half: float64\n  label: utf8\n"), info);
    assertTrue(info.contains("  1. ticket: sub/points.arrow\n"), info);
    assertEquals("city: utf8\nkm: float64\npaid: bool\nnote: utf8\n", ok("schema", location, "trips").out());
  }

  @Test
  void readsEveryFormat(@TempDir Path out) throws Exception {
    assertEquals("city,km,paid,note\nOslo,12.0,true,\"cold, windy\"\nLima,3.5,false,\n\"New\nYork\",,true,\"\"\n",
        ok("get", location, "trips", "--format", "csv").out());
    assertEquals("n,half,label\n0,0.0,row 0\n1,0.5,row 1\n2,1.0,row 2\n3,1.5,row 3\n4,2.0,row 4\n5,2.5,row 5\n"
        + "6,3.0,row 6\n7,3.5,row 7\n8,4.0,row 8\n9,4.5,row 9\n10,5.0,row 10\n11,5.5,row 11\n",
        ok("get", location, "events", "--format", "csv").out());
    assertEquals("n,half,label\n0,0.0,row 0\n1,0.5,row 1\n", ok("get", location, "legacy", "--format", "csv").out());
    assertEquals("x\n1\n", ok("get", location, "dup.csv", "--format", "csv").out());
    Path points = out.resolve("points.arrows");
    CliProcess.Result r = ok("get", location, "sub/points", "--output", points.toString());
    assertTrue(r.err().startsWith("get: 1,000 rows in 2 batches, "), r.show());
    try (BufferAllocator a = new RootAllocator();
        ArrowStreamReader reader = new ArrowStreamReader(Files.newInputStream(points), a)) {
      long n = 0;
      while (reader.loadNextBatch()) {
        VectorSchemaRoot root = reader.getVectorSchemaRoot();
        for (int i = 0; i < root.getRowCount(); i++, n++) {
          assertEquals(n, ((BigIntVector) root.getVector("n")).get(i));
          assertEquals(n / 2.0, ((Float8Vector) root.getVector("half")).get(i));
        }
      }
      assertEquals(1000, n);
    }
  }

  @Test
  void refusals() throws Exception {
    assertEquals("flightwire get: not found: no flight nope in the served directory", fails("get", location, "nope"));
    assertEquals("flightwire info: not found: no flight sub/nope in the served directory",
        fails("info", location, "sub/nope"));
    assertEquals("flightwire get: invalid argument: dup is ambiguous (dup.arrows, dup.csv): add the file's extension",
        fails("get", location, "dup"));
    assertEquals("flightwire get: invalid argument: '..' is not allowed in a path: paths name files inside the served"
        + " directory", fails("get", location, "../served/trips"));
    assertEquals("flightwire info: invalid argument: this service's commands are JSON scans ({\"type\":"
        + " \"flightwire.scan\", \"path\": [...], ...}); this one is not JSON: unexpected character 'S' at character 1",
        fails("info", location, "--cmd", "SELECT 1"));
  }

  @Test
  void uploadsBecomeFilesAndNeverReplaceOne(@TempDir Path work) throws Exception {
    Path csv = Files.writeString(work.resolve("new.csv"), "id,name\n1,one\n2,two\n3,\n");
    CliProcess.Result put = ok("put", location, "up/new", "--input", csv.toString());
    assertEquals("stored up/new.arrows (3 rows)\n", put.out());
    Path stored = dir.resolve("up/new.arrows");
    assertTrue(Files.isRegularFile(stored));
    try (BufferAllocator a = new RootAllocator();
        ArrowStreamReader reader = new ArrowStreamReader(Files.newInputStream(stored), a)) {
      assertTrue(reader.loadNextBatch());
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      assertEquals("id\tname\n1\tone\n2\ttwo\n3\tnull\n", root.contentToTSVString());
      assertFalse(reader.loadNextBatch());
    }
    assertTrue(flights().contains("up/new"));
    byte[] before = Files.readAllBytes(stored);
    assertEquals("flightwire put: already exists: flight up/new exists (up/new.arrows); uploads never replace a file:"
        + " delete it first (action 'delete')", fails("put", location, "up/new", "--input", csv.toString()));
    assertTrue(fails("put", location, "trips", "--input", csv.toString())
        .startsWith("flightwire put: already exists: flight trips exists (trips.csv)"));
    assertEquals(before.length, Files.readAllBytes(stored).length);

    assertEquals("flightwire put: invalid argument: '..' is not allowed in a path: paths name files inside the served"
        + " directory", fails("put", location, "../escape", "--input", csv.toString()));
    assertEquals("flightwire put: invalid argument: the path has an empty part: /etc/escape",
        fails("put", location, "/etc/escape", "--input", csv.toString()));
    assertFalse(Files.exists(tmp.resolve("escape.arrows")));
    try (var files = Files.walk(dir)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".upload")
          || p.getFileName().toString().endsWith(".partial")), "no temporary files are left");
    }

    assertEquals("deleted up/new.arrows\n", ok("action", location, "delete", "up/new").out());
    assertFalse(Files.exists(stored));
    assertEquals("flightwire action: not found: no flight up/new in the served directory",
        fails("action", location, "delete", "up/new"));
  }

  @Test
  void scansDatasetsAndStagedWritesFromTheCommandLine(@TempDir Path work) throws Exception {
    String scan = "{\"type\": \"flightwire.scan\", \"path\": [\"sub\", \"points\"], \"columns\": [\"label\", \"n\"],"
        + " \"filters\": [{\"column\": \"n\", \"op\": \"in\", \"value\": [3, 499, 700]}]}";
    String info = ok("info", location, "--cmd", scan).out();
    assertTrue(info.startsWith("descriptor: cmd:" + scan + "\nrecords:    unknown\nbytes:      unknown\n"), info);
    assertTrue(info.contains("schema:\n  label: utf8\n  n: int64\nendpoints:  1\n  1. ticket: {\"type\":"
        + " \"flightwire.scan\", \"file\": \"sub/points.arrow\", \"columns\": [\"label\", \"n\"], \"filters\":"), info);
    assertEquals("label,n\nrow 3,3\nrow 499,499\nrow 700,700\n", ok("get", location, "--cmd", scan, "--format", "csv")
        .out());
    assertEquals("label: utf8\nn: int64\n", ok("schema", location, "--cmd", scan).out());
    String counters = ok("action", location, "counters").out();
    assertTrue(counters.matches("\\{\"do_get_calls\": \\d+, \"do_get_batches\": \\d+, \"do_get_rows\": \\d+,"
        + " \"do_get_bytes\": \\d+}\n"), counters);

    Path part = Files.writeString(work.resolve("part.csv"), "k,v\n1,one\n2,two\n");
    assertEquals("staged cli-job/part-0.arrows (2 rows)\n", ok("put", location, "_staging/cli-job/part-0", "--input",
        part.toString()).out());
    assertEquals("staged cli-job/part-1.arrows (2 rows)\n", ok("put", location, "_staging/cli-job/part-1", "--input",
        part.toString()).out());
    assertFalse(flights().contains("engine/kv"));
    assertEquals("{\"path\": \"engine/kv\", \"files\": 2, \"rows\": 4}\n", ok("action", location, "write-commit",
        "{\"path\": [\"engine\", \"kv\"], \"job\": \"cli-job\", \"mode\": \"create\"}").out());
    List<String> names = flights();
    assertTrue(names.contains("engine/kv") && !names.contains("engine/kv/part-0"), names.toString());
    assertTrue(ok("info", location, "engine/kv").out().contains("endpoints:  2\n  1. ticket: engine/kv/part-0.arrows\n"));
    assertEquals("k,v\n1,one\n2,two\n1,one\n2,two\n", ok("get", location, "engine/kv", "--format", "csv").out());
    assertEquals("{\"job\": \"nothing\", \"deleted\": false}\n", ok("action", location, "write-abort",
        "{\"job\": \"nothing\"}").out());
    assertEquals("deleted the dataset engine/kv\n", ok("action", location, "delete", "engine/kv").out());
    String actions = ok("actions", location).out();
    for (String a : List.of("delete", "write-commit", "write-abort", "counters")) {
      assertTrue(actions.contains(a), actions);
    }
    assertTrue(ok("serve", "--help").out().contains("A DoPut to _staging/JOB/NAME\nstages a file out of sight"));
  }

  @Test
  void exchangeEchoesTheInput(@TempDir Path work) throws Exception {
    Path echo = work.resolve("echo.csv");
    Path in = dir.resolve("trips.csv");
    CliProcess.Result r = ok("exchange", location, "echo", "--input", in.toString(), "--output", echo.toString());
    List<String> lines = r.err().lines().filter(l -> !l.startsWith("WARNING: ")).toList();
    assertTrue(lines.get(lines.size() - 1).startsWith("exchange: sent 3 rows (" + Files.size(in)
        + " B of trips.csv), received 3 rows in 1 batch ("), r.show());
    // an exchange that takes more than a second (a loaded machine) prints progress lines first
    for (String l : lines.subList(0, lines.size() - 1)) {
      assertTrue(l.matches("exchange: [\\d,]+ rows, .*"), r.show());
    }
    assertEquals(ok("get", location, "trips", "--format", "csv").out(), Files.readString(echo));
    CliProcess.Result nothing = ok("exchange", location, "echo", "--progress", "none");
    assertEquals("", nothing.out());
    assertEquals("exchange: the service sent no data back\n", nothing.err());
  }

  @Test
  void theDirectoryKeepsTlsAndCredentials(@TempDir Path work) throws Exception {
    Path served = Files.createDirectories(work.resolve("secure"));
    Files.writeString(served.resolve("t.csv"), "a\n1\n");
    try (CliProcess.Server secure = CliProcess.Server.start("--port", "0", "--dir", served.toString(),
        "--tls-cert", TestCerts.file("server.pem").toString(), "--tls-key", TestCerts.file("server.key").toString(),
        "--user", "bob", "--password", "pw")) {
      String loc = secure.location();
      String ca = TestCerts.file("ca.pem").toString();
      assertEquals("a\n1\n", ok("get", loc, "t", "--tls-roots", ca, "--user", "bob", "--password", "pw",
          "--format", "csv").out());
      assertTrue(fails("get", loc, "t", "--tls-roots", ca).startsWith("flightwire get: unauthenticated: "));
      Path up = Files.writeString(work.resolve("u.csv"), "b\n2\n");
      ok("put", loc, "u", "--input", up.toString(), "--tls-roots", ca, "--user", "bob", "--password", "pw",
          "--handshake");
      assertTrue(Files.exists(served.resolve("u.arrows")));
    }
  }

  @Test
  void aDirectoryThatIsNotThereIsAUsageError() throws Exception {
    CliProcess.Result r = CliProcess.run("serve", "--port", "0", "--dir", tmp.resolve("absent").toString());
    assertEquals(2, r.exit(), r.show());
    assertEquals("flightwire serve: --dir " + tmp.resolve("absent") + ": no such directory (see 'flightwire serve"
        + " --help')\n", r.err());
  }
}
