package dev.flightwire;

import dev.flightwire.internal.call.CallStream;
import dev.flightwire.internal.grpc.GrpcStatusException;
import dev.flightwire.internal.ipc.IpcStreamWriter;
import dev.flightwire.internal.ipc.Tables;
import io.netty.buffer.ByteBuf;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.table.Table;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes a stream of record batches (DoPut and DoExchange on the client; DoExchange on the server).
 *
 * <h3>Zero copy and the refill contract</h3>
 * Batches are sent without copying: the message references the vectors' memory. So that the
 * common pattern of refilling one {@link VectorSchemaRoot} and writing it again stays correct,
 * {@link #writeBatch} returns only when Netty has handed every byte of the batch to the socket;
 * after it returns the root may be cleared, refilled or closed. {@link #writeTable} sends
 * immutable table data and does not wait: the message keeps its own references to the table's
 * buffers until written, so the table may even be closed at once.
 *
 * <h3>Backpressure</h3>
 * At most the configured outbound buffer of unwritten bytes per call; writes block beyond it, so a
 * slow reader slows the writer instead of filling memory.
 *
 * <h3>Threading</h3>
 * One thread at a time. A failed call (server error, cancellation, deadline) makes writes throw
 * the corresponding {@link FlightError}.
 */
public final class FlightStreamWriter implements AutoCloseable {
  private final CallStream stream;
  private final IpcStreamWriter ipc;
  private final Runnable onDone;
  private final long writeSizeLimit;
  private final long maxMessageBytes;
  private Schema declaredSchema;
  private byte[] descriptor;
  private boolean done;

  /**
   * @param declaredSchema the schema given when the call was opened, or null
   * @param descriptor serialized descriptor for the first message, or null
   * @param onDone runs once on {@link #doneWriting()} (client: half-close)
   * @param writeSizeLimit largest message allowed, or 0 for no limit
   * @param maxMessageBytes batches whose message would exceed it go as row slices; 0 for never
   */
  FlightStreamWriter(CallStream stream, IpcStreamWriter ipc, Schema declaredSchema, byte[] descriptor,
      Runnable onDone, long writeSizeLimit, long maxMessageBytes) {
    this.maxMessageBytes = maxMessageBytes;
    this.stream = stream;
    this.ipc = ipc;
    this.declaredSchema = declaredSchema;
    this.descriptor = descriptor;
    this.onDone = onDone;
    this.writeSizeLimit = writeSizeLimit;
  }

  /** The schema of the stream, or null before it started. */
  public Schema schema() {
    return ipc.started() ? ipc.schema() : declaredSchema;
  }

  /** Starts the stream: sends the schema. Needed only before a metadata-only message. */
  public void begin(Schema schema) {
    begin(schema, null);
  }

  /**
   * Starts the stream with dictionaries for dictionary-encoded fields: sends the schema and every
   * dictionary. {@code dictionaries} is borrowed until this returns.
   */
  public void begin(Schema schema, DictionaryProvider dictionaries) {
    if (ipc.started()) {
      throw new IllegalStateException("the stream has already begun");
    }
    checkOpen();
    List<ByteBuf> messages = ipc.begin(schema, dictionaries, takeDescriptor());
    send(messages, true);
    declaredSchema = schema;
  }

  /** Writes a batch (borrowed; may be refilled once this returns). */
  public void writeBatch(VectorSchemaRoot batch) {
    writeWithMetadata(batch, null);
  }

  /** Writes a batch (borrowed; may be refilled once this returns) with application metadata. */
  public void writeWithMetadata(VectorSchemaRoot batch, byte[] appMetadata) {
    write(batch, appMetadata, null, true);
  }

  /** Writes a message that carries only application metadata. */
  public void writeMetadata(byte[] appMetadata) {
    checkOpen();
    ByteBuf m = ipc.metadata(appMetadata, takeDescriptor());
    send(List.of(m), false);
  }

  /** Writes a whole table as one batch. The table is borrowed and not copied. */
  public void writeTable(Table table) {
    writeTable(table, Integer.MAX_VALUE);
  }

  /**
   * Writes a table in batches of at most {@code maxChunkSize} rows. The table is borrowed; its
   * buffers are shared with the messages (a chunk that does not start on a multiple of 8 rows
   * shifts its validity bits, the only copy).
   */
  public void writeTable(Table table, int maxChunkSize) {
    if (maxChunkSize <= 0) {
      throw new IllegalArgumentException("maxChunkSize must be positive");
    }
    if (!ipc.started()) {
      begin(declaredSchema != null ? declaredSchema : table.getSchema(), table.getDictionaryProvider());
    }
    long rows = table.getRowCount();
    if (rows == 0) {
      try (VectorSchemaRoot view = Tables.view(table, 0, 0)) {
        write(view, null, null, false);
      }
      return;
    }
    for (long start = 0; start < rows; start += maxChunkSize) {
      int len = (int) Math.min(maxChunkSize, rows - start);
      try (VectorSchemaRoot view = Tables.view(table, (int) start, len)) {
        write(view, null, null, false);
      }
    }
  }

  void write(VectorSchemaRoot batch, byte[] appMetadata, DictionaryProvider dictionaries, boolean awaitWritten) {
    checkOpen();
    if (!ipc.started()) {
      Schema s = declaredSchema != null ? declaredSchema : batch.getSchema();
      begin(s, dictionaries);
    }
    // the fields must match; schema-level metadata travels once, with the stream's schema
    if (!ipc.schema().getFields().equals(batch.getSchema().getFields())) {
      throw new IllegalArgumentException("batch schema does not match the stream schema:\n  stream: "
          + ipc.schema() + "\n  batch:  " + batch.getSchema());
    }
    if (maxMessageBytes > 0 && batch.getRowCount() > SLICE_ROWS && bodyBytes(batch) + SLACK > maxMessageBytes) {
      writeSliced(batch, appMetadata, awaitWritten);
      return;
    }
    ByteBuf m = ipc.batch(batch, appMetadata, takeDescriptor());
    send(List.of(m), awaitWritten);
  }

  /** Row slices are multiples of this, so validity bitmaps slice on byte boundaries (no copy). */
  private static final int SLICE_ROWS = 8;
  /** Room left for the FlightData and IPC headers and the buffers' padding. */
  private static final long SLACK = 64 * 1024;

  private static long bodyBytes(VectorSchemaRoot batch) {
    long size = 0;
    for (org.apache.arrow.vector.FieldVector v : batch.getFieldVectors()) {
      size += v.getBufferSize();
    }
    return size;
  }

  /**
   * Sends a batch too large for one message as consecutive row slices that share its buffers
   * (offsets of variable-width columns are rebased, a copy of 4 or 8 bytes a row). The app
   * metadata goes with the first slice. A slice of 8 rows is sent even when it is larger still.
   */
  private void writeSliced(VectorSchemaRoot batch, byte[] appMetadata, boolean awaitWritten) {
    int rows = batch.getRowCount();
    double perRow = (double) bodyBytes(batch) / rows;
    int step = (int) Math.max(SLICE_ROWS, Math.floor((maxMessageBytes - SLACK) / perRow));
    step -= step % SLICE_ROWS;
    for (int start = 0; start < rows; start += step) {
      int length = Math.min(step, rows - start);
      try (VectorSchemaRoot slice = batch.slice(start, length)) {
        ByteBuf m = ipc.batch(slice, start == 0 ? appMetadata : null, takeDescriptor());
        send(List.of(m), awaitWritten && start + length >= rows);
      }
    }
  }

  private byte[] takeDescriptor() {
    byte[] d = descriptor;
    descriptor = null;
    return d;
  }

  private void send(List<ByteBuf> messages, boolean awaitWritten) {
    int i = 0;
    try {
      for (; i < messages.size(); i++) {
        ByteBuf m = messages.get(i);
        if (writeSizeLimit > 0 && m.readableBytes() > writeSizeLimit) {
          long size = m.readableBytes();
          throw new FlightWriteSizeExceededError("message of " + size + " bytes exceeds the write size limit of "
              + writeSizeLimit + " bytes; write smaller batches", writeSizeLimit, size);
        }
        stream.writeMessage(m, false, awaitWritten && i == messages.size() - 1);
      }
    } catch (GrpcStatusException e) {
      release(messages, i + 1);
      throw Errors.toFlight(e);
    } catch (RuntimeException e) {
      release(messages, i);
      throw e;
    }
  }

  private static void release(List<ByteBuf> messages, int from) {
    for (int j = from; j < messages.size(); j++) {
      messages.get(j).release();
    }
  }

  private void checkOpen() {
    if (done) {
      throw new IllegalStateException("the writer is done writing");
    }
  }

  /** Sends the descriptor at once in a message of its own (DoExchange opens this way). */
  void sendDescriptorNow() {
    byte[] d = takeDescriptor();
    if (d != null) {
      send(List.of(ipc.metadata(null, d)), false);
    }
  }

  /** Signals that no more data will be written (the request side of a client call ends). */
  public void doneWriting() {
    if (done) {
      return;
    }
    if (!ipc.started() && declaredSchema != null) {
      begin(declaredSchema, null);
    }
    done = true;
    onDone.run();
  }

  /** Same as {@link #doneWriting()}; the call's result is read through its reader. */
  @Override
  public void close() {
    doneWriting();
  }
}
