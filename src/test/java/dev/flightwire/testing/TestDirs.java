package dev.flightwire.testing;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Directories under {@code target/} that tests generate files into (certificates, data files).
 * The build runs test classes in more than one JVM at a time, and each JVM makes its own copy, so
 * no JVM reads a file another is still writing: the JVM's fork number (system property
 * {@code flightwire.fork}, set by the build) is part of the name.
 */
public final class TestDirs {
  private TestDirs() {}

  /** {@code target/NAME}, or {@code target/NAME-FORK} in a forked test JVM; absolute. */
  public static Path target(String name) {
    String fork = System.getProperty("flightwire.fork", "");
    return Paths.get("target", fork.isEmpty() ? name : name + "-" + fork).toAbsolutePath();
  }
}
