package dev.flightwire.internal.ipc;

import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.table.Table;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.DictionaryUtility;

/**
 * Schemas as FlightInfo.schema and SchemaResult.schema carry them: an encapsulated IPC Schema
 * message (0xFFFFFFFF, int32 length, flatbuffer, padding), dictionary-encoded fields in IPC form.
 */
public final class IpcSchema {
  private IpcSchema() {}

  public static byte[] serialize(Schema schema) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      MessageSerializer.serialize(new WriteChannel(Channels.newChannel(out)), schema, IpcOption.DEFAULT);
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize schema", e);
    }
  }

  /**
   * Parses an encapsulated schema, with or without the continuation marker.
   *
   * @throws GrpcStatusException INTERNAL when the bytes are not a Schema message
   */
  public static Schema parse(byte[] bytes) {
    checkLengthPrefix(bytes);
    try {
      Schema s = MessageSerializer.deserializeSchema(
          new ReadChannel(Channels.newChannel(new ByteArrayInputStream(bytes))));
      if (s == null) {
        throw new IOException("no schema message");
      }
      return s;
    } catch (IOException | RuntimeException e) {
      throw GrpcStatusException.of(GrpcStatusCode.INTERNAL, "invalid IPC schema bytes: " + e.getMessage());
    }
  }

  /**
   * Arrow's reader allocates a heap buffer of the size the prefix claims before it reads: a few
   * bytes claiming 2 GiB would take 2 GiB (or an OutOfMemoryError). The claim must fit the bytes.
   */
  private static void checkLengthPrefix(byte[] bytes) {
    int at = 0;
    if (bytes.length >= 4 && readIntLe(bytes, 0) == -1) {
      at = 4; // continuation marker
    }
    if (bytes.length - at < 4) {
      return; // Arrow reports the truncation
    }
    long length = readIntLe(bytes, at);
    if (length < 0 || length > bytes.length - at - 4) {
      throw GrpcStatusException.of(GrpcStatusCode.INTERNAL, "invalid IPC schema bytes: the message claims "
          + length + " bytes but " + (bytes.length - at - 4) + " follow");
    }
  }

  private static int readIntLe(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
  }

  /** The IPC (message) form of an in-memory schema whose dictionaries are in {@code provider}. */
  public static Schema messageFormat(Schema schema, DictionaryProvider provider) {
    boolean needed = false;
    for (Field f : schema.getFields()) {
      needed |= DictionaryUtility.needConvertToMessageFormat(f);
    }
    if (!needed) {
      return schema;
    }
    List<Field> fields = new ArrayList<>();
    HashSet<Long> used = new HashSet<>();
    for (Field f : schema.getFields()) {
      fields.add(DictionaryUtility.toMessageFormat(f, provider, used));
    }
    return new Schema(fields, schema.getCustomMetadata());
  }

  /**
   * In-memory size of a table's buffers (not counting dictionaries). Measured on two halves of
   * the table, each a proper slice that shares its buffers: a view of the whole range would copy
   * it (see {@link Tables#view}). Validity bitmaps may round to a byte more or less.
   */
  public static long bufferBytes(Table table) {
    int rows = (int) table.getRowCount();
    int half = (rows / 16) * 8; // a multiple of 8, so neither slice shifts validity bits
    if (half == 0) {
      return bufferBytes(table, 0, rows);
    }
    return bufferBytes(table, 0, half) + bufferBytes(table, half, rows - half);
  }

  private static long bufferBytes(Table table, int start, int length) {
    try (VectorSchemaRoot view = Tables.view(table, start, length)) {
      long n = 0;
      for (FieldVector v : view.getFieldVectors()) {
        n += v.getBufferSize();
      }
      return n;
    }
  }
}
