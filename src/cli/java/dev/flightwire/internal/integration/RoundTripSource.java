package dev.flightwire.internal.integration;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.JsonFileReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The batches of a round-trip data file: Arrow integration JSON ({@code .json}) or an Arrow IPC
 * stream (anything else). Schema and batches in memory format; each batch is valid until the next.
 */
abstract class RoundTripSource implements AutoCloseable {
  abstract Schema schema();

  abstract DictionaryProvider dictionaries();

  /** The next batch (borrowed), or null at the end. */
  abstract VectorSchemaRoot next() throws IOException;

  @Override
  public abstract void close() throws IOException;

  static RoundTripSource open(File file, BufferAllocator allocator) throws IOException {
    return file.getName().endsWith(".json") ? new Json(file, allocator) : new Ipc(file, allocator);
  }

  private static final class Json extends RoundTripSource {
    private final JsonFileReader reader;
    private final Schema schema;
    private VectorSchemaRoot current;

    Json(File file, BufferAllocator allocator) throws IOException {
      reader = new JsonFileReader(file, allocator);
      schema = reader.start();
    }

    @Override
    Schema schema() {
      return schema;
    }

    @Override
    DictionaryProvider dictionaries() {
      return reader;
    }

    @Override
    VectorSchemaRoot next() throws IOException {
      if (current != null) {
        current.close();
      }
      current = reader.read();
      return current;
    }

    @Override
    public void close() throws IOException {
      if (current != null) {
        current.close();
      }
      reader.close();
    }
  }

  private static final class Ipc extends RoundTripSource {
    private final FileInputStream in;
    private final ArrowStreamReader reader;

    Ipc(File file, BufferAllocator allocator) throws IOException {
      in = new FileInputStream(file);
      reader = new ArrowStreamReader(in, allocator);
    }

    @Override
    Schema schema() {
      try {
        return reader.getVectorSchemaRoot().getSchema();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    @Override
    DictionaryProvider dictionaries() {
      return reader;
    }

    @Override
    VectorSchemaRoot next() throws IOException {
      return reader.loadNextBatch() ? reader.getVectorSchemaRoot() : null;
    }

    @Override
    public void close() throws IOException {
      reader.close();
      in.close();
    }
  }
}
