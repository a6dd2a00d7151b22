package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.FlightAlreadyExistsError;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightNotFoundError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How serve --dir names files as flights and keeps every name inside the directory. */
class DirectoryPathsTest {
  private static DirectoryPaths paths(Path dir, String... files) throws IOException {
    for (String f : files) {
      Path p = dir.resolve(f);
      Files.createDirectories(p.getParent());
      Files.writeString(p, "x\n");
    }
    return new DirectoryPaths(dir.toRealPath());
  }

  @Test
  void listsDataFilesByRelativePathWithoutExtension(@TempDir Path dir) throws IOException {
    DirectoryPaths p = paths(dir, "trips.csv", "sub/deep/points.arrow", "a.csv", "a.arrows", "notes.txt",
        ".hidden.csv", ".cache/x.csv", "sub/.tmp.arrows.upload");
    List<String> listed = new ArrayList<>();
    for (DirectoryPaths.Entry e : p.list()) {
      listed.add(String.join("/", e.parts()) + " <- " + p.relative(e.path()));
    }
    assertEquals(List.of("a.arrows <- a.arrows", "a.csv <- a.csv", "sub/deep/points <- sub/deep/points.arrow",
        "trips <- trips.csv"), listed);
  }

  @Test
  void aDirectoryWithTheMarkerIsOneFlight(@TempDir Path dir) throws IOException {
    DirectoryPaths p = paths(dir, "sales/.dataset", "sales/b.csv", "sales/a.arrows", "sales/sub/c.csv", "sales/.h.csv",
        "sales.csv", "other/x.csv", "empty/.dataset");
    List<String> listed = new ArrayList<>();
    for (DirectoryPaths.Entry e : p.list()) {
      listed.add(String.join("/", e.parts()) + " <- " + p.relative(e.path()) + (e.dataset() ? " (dataset)" : ""));
    }
    assertEquals(List.of("empty <- empty (dataset)", "other/x <- other/x.csv", "sales <- sales (dataset)",
        "sales.csv <- sales.csv"), listed);
    assertTrue(p.find(List.of("sales")).dataset());
    assertEquals("sales.csv", p.relative(p.find(List.of("sales.csv")).path()));
    assertEquals(List.of("sales/a.arrows", "sales/b.csv"),
        DirectoryPaths.datasetFiles(dir.resolve("sales")).stream().map(f -> p.relative(f)).toList());
    assertThrows(FlightNotFoundError.class, () -> p.find(List.of("sales", "a")));
    assertThrows(FlightNotFoundError.class, () -> p.find(List.of("sales", "sub", "c")));
    assertEquals("sales/a.arrows", p.relative(p.forTicket("sales/a.arrows")));
    assertThrows(FlightInvalidArgumentError.class, () -> p.uploadTarget(List.of("sales", "x")));
    assertThrows(FlightInvalidArgumentError.class, () -> p.uploadTarget(List.of("sales", "sub", "x")));
    assertThrows(FlightAlreadyExistsError.class, () -> p.uploadTarget(List.of("empty")));
  }

  @Test
  void resolvesPathsWithOrWithoutExtension(@TempDir Path dir) throws IOException {
    DirectoryPaths p = paths(dir, "trips.csv", "sub/points.feather", "a.csv", "a.arrows");
    assertEquals("trips.csv", p.relative(p.resolve(List.of("trips"))));
    assertEquals("trips.csv", p.relative(p.resolve(List.of("trips.csv"))));
    assertEquals("sub/points.feather", p.relative(p.resolve(List.of("sub", "points"))));
    assertEquals("a.csv", p.relative(p.resolve(List.of("a.csv"))));
    assertEquals("a is ambiguous (a.arrows, a.csv): add the file's extension",
        assertThrows(FlightInvalidArgumentError.class, () -> p.resolve(List.of("a"))).getMessage());
    assertEquals("no flight sub/nope in the served directory",
        assertThrows(FlightNotFoundError.class, () -> p.resolve(List.of("sub", "nope"))).getMessage());
    assertEquals("sub/points.feather", p.relative(p.forTicket("sub/points.feather")));
    assertThrows(FlightNotFoundError.class, () -> p.forTicket("sub/points"));
  }

  @Test
  void refusesNamesOutsideTheDirectory(@TempDir Path dir) throws IOException {
    DirectoryPaths p = paths(dir.resolve("served"), "in.csv");
    Files.writeString(dir.resolve("secret.csv"), "x\n");
    for (List<String> bad : List.<List<String>>of(List.of("..", "secret"), List.of("sub", "..", "..", "secret"), List.of(".", "in"),
        List.of("a/b"), List.of(""), List.of(".hidden"), List.of("x\\y"), List.of())) {
      assertThrows(FlightInvalidArgumentError.class, () -> p.resolve(bad), bad.toString());
      assertThrows(FlightInvalidArgumentError.class, () -> p.uploadTarget(bad), bad.toString());
    }
    assertThrows(FlightInvalidArgumentError.class, () -> p.forTicket("../secret.csv"));
    assertEquals("'..' is not allowed in a path: paths name files inside the served directory",
        assertThrows(FlightInvalidArgumentError.class, () -> p.uploadTarget(List.of("..", "x"))).getMessage());
  }

  @Test
  void aSymlinkedDirectoryCannotTakeUploadsOutside(@TempDir Path dir) throws IOException {
    DirectoryPaths p = paths(dir.resolve("served"), "in.csv");
    Files.createDirectories(dir.resolve("elsewhere"));
    Files.createSymbolicLink(dir.resolve("served/link"), dir.resolve("elsewhere"));
    FlightInvalidArgumentError e = assertThrows(FlightInvalidArgumentError.class,
        () -> p.uploadTarget(List.of("link", "x")));
    assertTrue(e.getMessage().contains("outside the served directory"), e.getMessage());
  }

  @Test
  void uploadsGoToNewArrowsFilesOnly(@TempDir Path dir) throws IOException {
    DirectoryPaths p = paths(dir, "trips.csv");
    assertEquals("new/deeper/data.arrows", p.relative(p.uploadTarget(List.of("new", "deeper", "data"))));
    assertTrue(Files.isDirectory(dir.resolve("new/deeper")));
    assertEquals("x.arrows", p.relative(p.uploadTarget(List.of("x.arrows"))));
    assertTrue(assertThrows(FlightAlreadyExistsError.class, () -> p.uploadTarget(List.of("trips"))).getMessage()
        .startsWith("flight trips exists (trips.csv)"));
    assertTrue(assertThrows(FlightInvalidArgumentError.class, () -> p.uploadTarget(List.of("y.csv"))).getMessage()
        .startsWith("uploads are stored as Arrow IPC streams (.arrows)"));
    assertTrue(assertThrows(FlightInvalidArgumentError.class, () -> p.uploadTarget(List.of("trips.csv", "x")))
        .getMessage().contains("a file has that name"));
  }
}
