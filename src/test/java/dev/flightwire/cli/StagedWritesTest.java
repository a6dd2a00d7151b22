package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.Action;
import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInternalError;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.Ticket;
import dev.flightwire.testing.RecordingLogs;
import dev.flightwire.testing.Waits;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a staged write's commit leaves when a rename or delete fails at each step, what readers see
 * while it renames, and what a restart finds after a crash between an overwrite's renames: the
 * directory service called in process, its renames and deletes made by {@link Faulty}.
 */
class StagedWritesTest {
  private static final Schema SCHEMA = DirectoryDatasetTest.SCHEMA;

  @TempDir
  Path dir;
  private BufferAllocator allocator;
  private final Faulty ops = new Faulty();
  private DirectoryService service;
  private final ExecutorService readers = Executors.newCachedThreadPool();

  @BeforeEach
  void start() throws IOException {
    allocator = new RootAllocator();
    service = new DirectoryService(dir, allocator, ops);
  }

  @AfterEach
  void stop() throws InterruptedException {
    readers.shutdownNow();
    assertTrue(readers.awaitTermination(10, TimeUnit.SECONDS));
    allocator.close();
  }

  /** Real renames and deletes, except those whose path (the rename's target) a test says fail. */
  private static final class Faulty implements StagedWrites.FileOps {
    volatile Predicate<Path> failRename = p -> false;
    volatile Predicate<Path> failDelete = p -> false;
    /** Runs after each real rename, with its source. */
    volatile java.util.function.Consumer<Path> afterRename = p -> {};

    @Override
    public void rename(Path from, Path to) throws IOException {
      if (failRename.test(to)) {
        throw new IOException("injected: cannot rename " + from.getFileName() + " to " + to);
      }
      REAL.rename(from, to);
      afterRename.accept(from);
    }

    @Override
    public void deleteIfExists(Path p) throws IOException {
      if (failDelete.test(p)) {
        throw Files.isDirectory(p) ? new DirectoryNotEmptyException(p.toString()) : new NoSuchFileException(p.toString());
      }
      REAL.deleteIfExists(p);
    }
  }

  private void stage(String job, String name, long from, int rows) throws IOException {
    DirectoryDatasetTest.writeFile(dir.resolve(".staging").resolve(job).resolve(name + ".arrows"), SCHEMA, false, from,
        rows);
  }

  private void dataset(String path, String... files) throws IOException {
    Path d = dir.resolve(path);
    Files.createDirectories(d);
    Files.writeString(d.resolve(".dataset"), "");
    long from = 0;
    for (String f : files) {
      DirectoryDatasetTest.writeFile(d.resolve(f), SCHEMA, false, from, 2);
      from += 100;
    }
  }

  private String commit(String body) {
    return service.doAction(null, Action.of("write-commit", body)).iterator().next().bodyAsString();
  }

  private FlightInfo info(String... path) {
    return service.getFlightInfo(null, FlightDescriptor.forPath(path));
  }

  private static List<String> tickets(FlightInfo info) {
    return info.endpoints().stream().map(e -> e.ticket().asString()).toList();
  }

  private List<String> files(String under) throws IOException {
    Path root = dir.resolve(under);
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> !p.equals(root)).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void cleanupFailuresAfterTheDataIsInPlaceStillReportSuccess() throws Exception {
    dataset("out/sales", "old.arrows");
    stage("j1", "new-0", 10, 3);
    stage("j1", "new-1", 20, 2);
    Path replaced = dir.resolve(".staging/.replaced-j1");
    Path jobDir = dir.resolve(".staging/j1");
    // the old tree keeps a file created meanwhile; the job's staging directory vanishes under us
    ops.failDelete = p -> p.equals(replaced) || p.equals(jobDir);
    try (RecordingLogs.Capture logs = RecordingLogs.capture()) {
      assertEquals("{\"path\": \"out/sales\", \"files\": 2, \"rows\": 5}",
          commit("{\"path\": [\"out\", \"sales\"], \"job\": \"j1\", \"mode\": \"overwrite\"}"));
      assertTrue(logs.events().stream().anyMatch(e -> e.logger().equals(StagedWrites.class.getName())
          && e.allText().contains(".replaced-j1")), logs.events().toString());
    }
    assertEquals(List.of("out/sales/new-0.arrows", "out/sales/new-1.arrows"), tickets(info("out", "sales")));
    assertEquals(5, info("out", "sales").totalRecords());

    // append: the job's staging directory cannot be deleted
    stage("j2", "more", 30, 1);
    Path jobDir2 = dir.resolve(".staging/j2");
    ops.failDelete = p -> p.equals(jobDir2);
    assertEquals("{\"path\": \"out/sales\", \"files\": 1, \"rows\": 1}",
        commit("{\"path\": [\"out\", \"sales\"], \"job\": \"j2\", \"mode\": \"append\"}"));
    assertEquals(6, info("out", "sales").totalRecords());

    // overwrite of a plain file that cannot be deleted afterwards
    DirectoryDatasetTest.writeFile(dir.resolve("plain.arrows"), SCHEMA, false, 0, 4);
    stage("j3", "p", 40, 1);
    ops.failDelete = p -> p.getFileName().toString().equals("plain.arrows");
    assertEquals("{\"path\": \"plain\", \"files\": 1, \"rows\": 1}",
        commit("{\"path\": [\"plain\"], \"job\": \"j3\", \"mode\": \"overwrite\"}"));
    assertEquals(List.of("plain/p.arrows"), tickets(info("plain")));
  }

  @Test
  void anAppendThatFailsHalfwayPutsBackWhatItMoved() throws Exception {
    dataset("out/sales", "a.arrows");
    stage("j", "p0", 10, 1);
    stage("j", "p1", 20, 1);
    stage("j", "p2", 30, 1);
    Path target = dir.resolve("out/sales");
    ops.failRename = to -> to.equals(target.resolve("p1.arrows"));
    FlightInternalError e = assertThrows(FlightInternalError.class,
        () -> commit("{\"path\": [\"out\", \"sales\"], \"job\": \"j\", \"mode\": \"append\"}"));
    assertTrue(e.getMessage().contains("injected: cannot rename p1.arrows"), e.getMessage());
    assertEquals(List.of("out/sales/.dataset", "out/sales/a.arrows"), files("out/sales"));
    assertEquals(List.of(".staging/j/p0.arrows", ".staging/j/p1.arrows", ".staging/j/p2.arrows"), files(".staging/j"));
    assertEquals(List.of("out/sales/a.arrows"), tickets(info("out", "sales")));

    // the same commit again, once renames work: every file, once
    ops.failRename = to -> false;
    assertEquals("{\"path\": \"out/sales\", \"files\": 3, \"rows\": 3}",
        commit("{\"path\": [\"out\", \"sales\"], \"job\": \"j\", \"mode\": \"append\"}"));
    assertEquals(List.of("out/sales/a.arrows", "out/sales/p0.arrows", "out/sales/p1.arrows", "out/sales/p2.arrows"),
        tickets(info("out", "sales")));
  }

  @Test
  void aFilesListNamingAFileTwiceIsRefusedBeforeAnythingMoves() throws Exception {
    dataset("out/sales", "a.arrows");
    stage("j", "p", 10, 1);
    stage("j", "q", 20, 1);
    for (String mode : List.of("append", "overwrite", "create")) {
      String path = mode.equals("create") ? "fresh" : "out\", \"sales";
      FlightInvalidArgumentError e = assertThrows(FlightInvalidArgumentError.class, () -> commit("{\"path\": [\""
          + path + "\"], \"job\": \"j\", \"mode\": \"" + mode + "\", \"files\": [\"p\", \"q\", \"p.arrows\"]}"));
      assertEquals("write-commit: \"files\" names p.arrows twice", e.getMessage());
    }
    assertEquals(List.of("out/sales/.dataset", "out/sales/a.arrows"), files("out/sales"));
    assertEquals(List.of(".staging/j/p.arrows", ".staging/j/q.arrows"), files(".staging/j"));
    assertFalse(Files.exists(dir.resolve("fresh")));
  }

  /**
   * Between an overwrite's two renames (the old directory away, the new one in), a reader waits
   * for the commit instead of finding no flight.
   */
  @Test
  void readersWaitForAnOverwriteInsteadOfFindingNoFlight() throws Exception {
    dataset("out/sales", "part-0.arrows", "part-1.arrows");
    stage("j", "part-0", 500, 3);
    Path target = dir.resolve("out/sales");
    AtomicReference<Throwable> failed = new AtomicReference<>();
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Future<?>> reads = new java.util.concurrent.CopyOnWriteArrayList<>();
    ops.afterRename = from -> {
      if (!from.equals(target)) {
        return;
      }
      // the old directory is away, the new one not yet in: every read path waits
      try {
        for (String call : List.of("info", "schema", "list", "get")) {
          AtomicReference<Thread> thread = new AtomicReference<>();
          Future<?> read = readers.submit(() -> {
            thread.set(Thread.currentThread());
            switch (call) {
              case "info" -> seen.add(call + " " + tickets(info("out", "sales")));
              case "schema" -> seen.add(call + " " + service.getSchema(null, FlightDescriptor.forPath("out", "sales"))
                  .schema().getFields().size());
              case "list" -> {
                List<String> listed = new java.util.ArrayList<>();
                service.listFlights(null, null).forEach(i -> listed.add(String.join("/", i.descriptor().path())));
                seen.add(call + " " + listed);
              }
              default -> {
                try (FlightDataStream s = service.doGet(null, Ticket.of("out/sales/part-0.arrows"))) {
                  seen.add(call + " " + s.schema().getFields().size());
                } catch (RuntimeException e) {
                  throw e;
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }
            }
            return null;
          });
          reads.add(read);
          Waits.untilBlocked(thread, read);
        }
      } catch (Throwable t) {
        failed.set(t);
      }
    };
    assertEquals("{\"path\": \"out/sales\", \"files\": 1, \"rows\": 3}",
        commit("{\"path\": [\"out\", \"sales\"], \"job\": \"j\", \"mode\": \"overwrite\"}"));
    if (failed.get() != null) {
      throw new AssertionError("a reader did not wait: " + seen, failed.get());
    }
    readers.shutdown();
    assertTrue(readers.awaitTermination(10, TimeUnit.SECONDS));
    for (Future<?> read : reads) {
      read.get(); // a reader's failure, with its cause (a listing once met the commit's cleanup)
    }
    assertEquals(List.of("get 2", "info [out/sales/part-0.arrows]", "list [out/sales]", "schema 2"),
        seen.stream().sorted().toList());
  }

  /**
   * A crash between an overwrite's renames: the restart puts the old dataset back, and the job's
   * files (in the new directory it was filling) back in staging, so that the job can commit again.
   */
  @Test
  void aRestartRestoresADatasetRenamedAwayByAnOverwriteThatDidNotFinish() throws Exception {
    dataset(".staging/.replaced-j7", "x.arrows");
    Files.writeString(dir.resolve(".staging/.replaced-j7.target"), "out/sales");
    dataset(".staging/.commit-j7", "new-0.arrows", "new-1.arrows");
    Files.createDirectories(dir.resolve("out"));
    // and one whose overwrite finished, but not its cleanup
    dataset("done", "new.arrows");
    dataset(".staging/.replaced-j8", "stale.arrows");
    Files.writeString(dir.resolve(".staging/.replaced-j8.target"), "done");
    try (RecordingLogs.Capture logs = RecordingLogs.capture()) {
      DirectoryService restarted = new DirectoryService(dir, allocator, ops);
      assertEquals(List.of("out/sales/x.arrows"), tickets(restarted.getFlightInfo(null,
          FlightDescriptor.forPath("out", "sales"))));
      assertTrue(logs.events().stream().anyMatch(e -> e.allText().contains("out/sales")), logs.events().toString());
    }
    assertEquals(List.of("done/new.arrows"), tickets(info("done")));
    assertEquals(List.of(".staging/j7", ".staging/j7/new-0.arrows", ".staging/j7/new-1.arrows"), files(".staging"));
    // the job commits again, as if it had not begun
    assertEquals("{\"path\": \"out/sales\", \"files\": 2, \"rows\": 4}",
        commit("{\"path\": [\"out\", \"sales\"], \"job\": \"j7\", \"mode\": \"overwrite\"}"));
    assertEquals(List.of("out/sales/new-0.arrows", "out/sales/new-1.arrows"), tickets(info("out", "sales")));
    assertEquals(List.of(), files(".staging"));
  }
}
