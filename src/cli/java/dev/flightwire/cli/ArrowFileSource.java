package dev.flightwire.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An Arrow IPC file read batch by batch: the file format (random access, {@code ARROW1} magic)
 * or the stream format. Compressed bodies (LZ4 frame, ZSTD) are decompressed. Owns the Arrow
 * reader, whose root and dictionaries it hands out. Not thread-safe.
 */
final class ArrowFileSource implements BatchSource {
  private final ArrowReader reader;
  private final CountingInputStream counting;
  private final List<ArrowBlock> blocks;
  private final long size;
  private int loaded;

  private ArrowFileSource(ArrowReader reader, CountingInputStream counting, List<ArrowBlock> blocks, long size) {
    this.reader = reader;
    this.counting = counting;
    this.blocks = blocks;
    this.size = size;
  }

  /** Whether the file starts with the IPC file format's magic. */
  static boolean isFileFormat(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] magic = in.readNBytes(6);
      return new String(magic, java.nio.charset.StandardCharsets.US_ASCII).equals("ARROW1");
    }
  }

  /**
   * Opens an IPC file of either format and reads its schema.
   *
   * @throws IOException when it cannot be read or is not Arrow IPC
   */
  static ArrowFileSource open(Path file, BufferAllocator allocator) throws IOException {
    long size = Files.size(file);
    if (isFileFormat(file)) {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
      ArrowFileReader r = new ArrowFileReader(channel, allocator, CommonsCompressionFactory.INSTANCE);
      try {
        r.getVectorSchemaRoot(); // reads the footer and schema
        return new ArrowFileSource(r, null, r.getRecordBlocks(), size);
      } catch (IOException | RuntimeException e) {
        r.close();
        throw notArrow(file, e);
      }
    }
    CountingInputStream counting = new CountingInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    ArrowStreamReader r = new ArrowStreamReader(counting, allocator, CommonsCompressionFactory.INSTANCE);
    try {
      r.getVectorSchemaRoot(); // reads the schema
      return new ArrowFileSource(r, counting, null, size);
    } catch (IOException | RuntimeException e) {
      r.close();
      throw notArrow(file, e);
    }
  }

  private static IOException notArrow(Path file, Exception e) {
    return new IOException(file.getFileName() + " is not an Arrow IPC file or stream (" + e.getMessage() + ")", e);
  }

  @Override
  public Schema schema() {
    return root().getSchema();
  }

  @Override
  public DictionaryProvider dictionaries() {
    return reader.getDictionaryIds().isEmpty() ? null : reader;
  }

  @Override
  public VectorSchemaRoot root() {
    try {
      return reader.getVectorSchemaRoot();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // read when opened: never thrown
    }
  }

  @Override
  public boolean loadNext() throws IOException {
    boolean more = reader.loadNextBatch();
    if (more) {
      loaded++;
    }
    return more;
  }

  @Override
  public long bytesRead() {
    if (counting != null) {
      return counting.count();
    }
    if (loaded == 0 || blocks.isEmpty()) {
      return 0;
    }
    ArrowBlock b = blocks.get(Math.min(loaded, blocks.size()) - 1);
    return loaded >= blocks.size() ? size : b.getOffset() + b.getMetadataLength() + b.getBodyLength();
  }

  @Override
  public long sizeBytes() {
    return size;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
