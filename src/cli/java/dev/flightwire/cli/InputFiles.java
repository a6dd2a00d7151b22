package dev.flightwire.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Opens an input file by its extension: {@code .csv} as CSV, {@code .arrow}, {@code .arrows},
 * {@code .feather} and {@code .ipc} as Arrow IPC (file or stream format, told apart by the
 * file's first bytes).
 */
final class InputFiles {
  static final String EXTENSIONS = ".csv, .arrow, .arrows, .feather or .ipc";

  private InputFiles() {}

  /** Whether the name has an extension this class reads. */
  static boolean readable(String fileName) {
    return isCsv(fileName) || isArrow(fileName);
  }

  static boolean isCsv(String fileName) {
    return fileName.toLowerCase(Locale.ROOT).endsWith(".csv");
  }

  static boolean isArrow(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    return n.endsWith(".arrow") || n.endsWith(".arrows") || n.endsWith(".feather") || n.endsWith(".ipc");
  }

  /**
   * Opens {@code file}; returns an owned source.
   *
   * @throws IOException when it cannot be read, or its content does not match its extension
   * @throws IllegalArgumentException when the extension is none of {@link #EXTENSIONS}
   */
  static BatchSource open(Path file, BufferAllocator allocator, int csvBatchRows, int csvInferRows) throws IOException {
    String name = file.getFileName().toString();
    if (isCsv(name)) {
      return CsvReader.open(file, allocator, csvBatchRows, csvInferRows);
    }
    if (isArrow(name)) {
      return ArrowFileSource.open(file, allocator);
    }
    throw new IllegalArgumentException("cannot tell the format of " + name + ": name it " + EXTENSIONS);
  }
}
