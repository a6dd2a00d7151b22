package dev.flightwire.cli;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where output bytes go: a file, written under a temporary name next to it and moved into place
 * by {@link #commit()} (so a failed transfer never leaves a partial file, and an existing file is
 * replaced only once the new one is complete); or stdout, which is flushed but never closed.
 * Not thread-safe.
 */
final class OutputTarget implements AutoCloseable {
  private final Path file;
  private final Path temp;
  private final OutputStream stream;
  private final boolean replace;
  private boolean committed;
  private boolean closed;

  private OutputTarget(Path file, Path temp, OutputStream stream, boolean replace) {
    this.file = file;
    this.temp = temp;
    this.stream = stream;
    this.replace = replace;
  }

  /** A file, replaced on {@link #commit()} if it exists. */
  static OutputTarget file(Path file) throws IOException {
    return file(file, true);
  }

  /**
   * A file that must not exist: {@link #commit()} fails with FileAlreadyExistsException if it does
   * by then (checked atomically where the file system has hard links).
   */
  static OutputTarget newFile(Path file) throws IOException {
    return file(file, false);
  }

  private static OutputTarget file(Path file, boolean replace) throws IOException {
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      throw new java.nio.file.NoSuchFileException(dir.toString(), null, "the output's directory does not exist");
    }
    // not Files.createTempFile: its mode 0600 would stay on the output; this one gets the umask's
    String random = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    Path temp = abs.resolveSibling("." + abs.getFileName() + "." + random + ".partial");
    OutputStream out = Files.newOutputStream(temp, java.nio.file.StandardOpenOption.CREATE_NEW,
        java.nio.file.StandardOpenOption.WRITE);
    if (replace) {
      // the command line's own output: gone too if the user stops the command (Ctrl-C runs exit hooks)
      temp.toFile().deleteOnExit();
    }
    return new OutputTarget(abs, temp, new BufferedOutputStream(out, 1 << 16), replace);
  }

  /** {@code out} (borrowed: flushed, never closed). */
  static OutputTarget stdout(OutputStream out) {
    return new OutputTarget(null, null, new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        out.flush();
      }
    }, false);
  }

  /** The stream to write to (owned by this target). */
  OutputStream stream() {
    return stream;
  }

  /** The file written, or null for stdout. */
  Path file() {
    return file;
  }

  /** Completes the output: flushes it, and moves a file into place. */
  void commit() throws IOException {
    closed = true;
    stream.close();
    if (temp != null && replace) {
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } else if (temp != null) {
      try {
        Files.createLink(file, temp); // atomic, and fails if the file exists
        Files.delete(temp);
      } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
          throw (java.nio.file.FileAlreadyExistsException) e;
        }
        Files.move(temp, file); // no hard links here: fails if the file exists, though not atomically
      }
    }
    committed = true;
  }

  /** Discards output not committed (deletes the temporary file). */
  @Override
  public void close() throws IOException {
    if (committed) {
      return;
    }
    try {
      if (!closed) {
        closed = true;
        stream.close();
      }
    } finally {
      if (temp != null) {
        Files.deleteIfExists(temp);
      }
    }
  }
}
