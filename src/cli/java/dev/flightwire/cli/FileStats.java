package dev.flightwire.cli;

import dev.flightwire.internal.ipc.IpcSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The schema and totals of the directory service's data files, counted by reading each file once
 * and kept until its size or modification time changes. Thread-safe (a concurrent map; two calls
 * may count the same new file at once, which is only wasted work).
 */
final class FileStats {
  /**
   * One file's facts.
   *
   * @param schema in IPC message form (dictionary-encoded fields show their value types)
   * @param rows rows of all batches
   * @param bytes the buffer bytes of all batches
   * @param columnBytes the buffer bytes of each top-level column, in schema order
   */
  record Stats(long size, FileTime modified, Schema schema, long rows, long bytes, long[] columnBytes) {
    /** The buffer bytes of the columns at {@code indexes}. */
    long bytesOf(int[] indexes) {
      long n = 0;
      for (int i : indexes) {
        n += columnBytes[i];
      }
      return n;
    }
  }

  private final BufferAllocator allocator;
  private final ConcurrentHashMap<Path, Stats> cache = new ConcurrentHashMap<>();

  /** Reads files with memory from {@code allocator} (borrowed). */
  FileStats(BufferAllocator allocator) {
    this.allocator = allocator;
  }

  /** Opens a data file; returns an owned source. */
  BatchSource open(Path file) throws IOException {
    return InputFiles.open(file, allocator, CsvReader.DEFAULT_BATCH_ROWS, CsvReader.DEFAULT_INFER_ROWS);
  }

  /** The schema of a source, in IPC message form. */
  static Schema messageSchema(BatchSource source) {
    return source.dictionaries() == null ? source.schema()
        : IpcSchema.messageFormat(source.schema(), source.dictionaries());
  }

  /** The file's stats, read once per version of the file. */
  Stats get(Path file) throws IOException {
    long size = Files.size(file);
    FileTime modified = Files.getLastModifiedTime(file);
    Stats s = cache.get(file);
    if (s != null && s.size == size && s.modified.equals(modified)) {
      return s;
    }
    long rows = 0;
    long bytes = 0;
    long[] columnBytes;
    Schema schema;
    try (BatchSource source = open(file)) {
      schema = messageSchema(source);
      columnBytes = new long[schema.getFields().size()];
      while (source.loadNext()) {
        rows += source.root().getRowCount();
        List<FieldVector> vectors = source.root().getFieldVectors();
        for (int i = 0; i < vectors.size(); i++) {
          long n = vectors.get(i).getBufferSize();
          columnBytes[i] += n;
          bytes += n;
        }
      }
    }
    s = new Stats(size, modified, schema, rows, bytes, columnBytes);
    cache.put(file, s);
    return s;
  }

  /** Forgets a deleted file. */
  void forget(Path file) {
    cache.remove(file);
  }

  /** Forgets the files below a deleted or replaced directory. */
  void forgetUnder(Path dir) {
    cache.keySet().removeIf(p -> p.startsWith(dir));
  }

  /** Keeps the stats of a file renamed from {@code from} to {@code to} (a rename keeps size and time). */
  void moved(Path from, Path to) {
    Stats s = cache.remove(from);
    if (s != null) {
      cache.put(to, s);
    }
  }
}
