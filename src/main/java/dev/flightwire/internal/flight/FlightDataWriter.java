package dev.flightwire.internal.flight;

import dev.flightwire.FlightError;
import dev.flightwire.FlightUnavailableError;
import dev.flightwire.FlightWriteSizeExceededError;
import dev.flightwire.internal.call.MessageStream;
import dev.flightwire.internal.call.SerialTask;
import dev.flightwire.internal.convert.Errors;
import dev.flightwire.internal.grpc.GrpcStatus;
import dev.flightwire.internal.grpc.GrpcStatusException;
import dev.flightwire.internal.ipc.DictionaryUpdate;
import dev.flightwire.internal.ipc.IpcStreamWriter;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The write path of a FlightData stream, for client and server alike: the descriptor on the first
 * message, the schema and dictionaries before the first batch, the copy policy for small batches,
 * row slicing of batches larger than a message may be, the write size limit, blocking and
 * non-blocking writes, readiness, completion and cancellation. {@code dev.flightwire.FlightStreamWriter}
 * is the public facade over it and documents the behaviour. Talks to the transport only through
 * {@link MessageStream}.
 *
 * <p>Batches are borrowed: their messages reference the vectors' buffers (no copy) unless this
 * class says it copies. Not thread-safe, except {@link #cancel} and {@link #isReady}.
 */
public final class FlightDataWriter {
  /** Messages up to this size are copied rather than waited for (see FlightStreamWriter.writeBatch). */
  public static final int COPY_BELOW = 64 * 1024;
  /** Row slices are multiples of this, so validity bitmaps slice on byte boundaries (no copy). */
  private static final int SLICE_ROWS = 8;
  /** Room left for the FlightData and IPC headers and the buffers' padding. */
  private static final long SLACK = 64 * 1024;

  private final MessageStream stream;
  private final IpcStreamWriter ipc;
  private final Runnable onDone;
  private final Consumer<GrpcStatus> onCancel;
  private final boolean closeCancels;
  private final long writeSizeLimit;
  private final long maxMessageBytes;
  /** Runs the {@code onReady} handler and completes write futures: application code. */
  private final Executor callbacks;
  private Schema declaredSchema;
  private byte[] descriptor;
  /** Set by {@link #doneWriting()} once it has ended the stream. */
  private volatile boolean done;
  /** Set by the first {@link #cancel} or cancelling {@link #close()}; any thread. */
  private final AtomicBoolean cancelled = new AtomicBoolean();
  /** Writes never wait (the asynchronous API). */
  private volatile boolean nonBlocking;
  private volatile Runnable readyHandler;
  private SerialTask readyTask; // guarded by this

  /**
   * @param declaredSchema the schema given when the call was opened, or null
   * @param descriptor serialized descriptor for the first message, or null
   * @param onDone runs once on {@link #doneWriting()} (client: half-close)
   * @param onCancel cancels the call with a status (client: RST_STREAM CANCEL unless the call has
   *     completed); runs at most once, from any thread
   * @param closeCancels whether {@link #close()} before {@link #doneWriting()} cancels the call
   *     (client) rather than ending the stream (server)
   * @param writeSizeLimit largest message allowed, or 0 for no limit
   * @param maxMessageBytes batches whose message would exceed it go as row slices; 0 for never
   * @param callbacks runs the {@code onReady} handler and completes write futures
   */
  public FlightDataWriter(MessageStream stream, IpcStreamWriter ipc, Schema declaredSchema, byte[] descriptor,
      Runnable onDone, Consumer<GrpcStatus> onCancel, boolean closeCancels, long writeSizeLimit,
      long maxMessageBytes, Executor callbacks) {
    this.stream = stream;
    this.ipc = ipc;
    this.declaredSchema = declaredSchema;
    this.descriptor = descriptor;
    this.onDone = onDone;
    this.onCancel = onCancel;
    this.closeCancels = closeCancels;
    this.writeSizeLimit = writeSizeLimit;
    this.maxMessageBytes = maxMessageBytes;
    this.callbacks = callbacks;
  }

  /** Whether the stream has begun: its schema is sent or queued. */
  public boolean started() {
    return ipc.started();
  }

  /** Makes every write return without waiting (the asynchronous API). */
  public void nonBlocking() {
    this.nonBlocking = true;
  }

  public boolean isNonBlocking() {
    return nonBlocking;
  }

  /** Any thread. */
  public boolean isReady() {
    return !done && !cancelled.get() && stream.isReady();
  }

  /** Runs {@code handler} on the callback executor now and on every readiness event; null stops it. */
  public void onReady(Runnable handler) {
    this.readyHandler = handler;
    SerialTask t;
    synchronized (this) {
      if (readyTask == null && handler != null) {
        readyTask = new SerialTask(callbacks, () -> {
          Runnable h = readyHandler;
          if (h != null) {
            h.run();
          }
        });
        stream.addEventListener(readyTask);
      }
      t = readyTask;
    }
    if (t != null && handler != null) {
      t.signal();
    }
  }

  /** The schema sent, else the one given when the call was opened, else null. */
  public Schema schema() {
    return ipc.started() ? ipc.schema() : declaredSchema;
  }

  /**
   * Writes a batch without waiting and without copying (slices when too large).
   *
   * @param batch borrowed until the returned future completes
   * @return completed on the callback executor once the batch may be reused, or exceptionally
   *     with the call's {@link FlightError}
   */
  public CompletableFuture<Void> writeBatchAsync(VectorSchemaRoot batch, byte[] appMetadata) {
    checkOpen();
    beginIfNeeded(batch.getSchema(), null);
    checkFields(batch);
    Future<Void> written;
    // in-process the reader would get the batch's memory itself, still in use after the future
    // completes: send a copy
    boolean copy = stream.passesByReference();
    if (needsSlices(batch)) {
      written = writeSliced(batch, appMetadata, false, copy);
    } else {
      ByteBuf m = ipc.batch(batch, appMetadata, takeDescriptor(), copy ? Integer.MAX_VALUE : 0);
      checkSize(m);
      try {
        written = stream.writeMessageNow(m, false);
      } catch (GrpcStatusException e) {
        throw Errors.toFlight(e);
      }
    }
    CompletableFuture<Void> f = new CompletableFuture<>();
    written.addListener(w -> callbacks.execute(() -> {
      if (w.isSuccess()) {
        f.complete(null);
      } else {
        GrpcStatus failed = stream.failure();
        f.completeExceptionally(failed != null ? Errors.toFlight(failed.asException())
            : new FlightUnavailableError("the batch was not sent: " + w.cause(), w.cause()));
      }
    }));
    return f;
  }

  /**
   * Sends the schema and the dictionaries it uses (borrowed until this returns); blocks until
   * handed to the socket unless non-blocking.
   */
  public void begin(Schema schema, DictionaryProvider dictionaries) {
    if (ipc.started()) {
      throw new IllegalStateException("the stream has already begun");
    }
    checkOpen();
    send(ipc.begin(schema, dictionaries, takeDescriptor()), true);
    declaredSchema = schema;
  }

  /** Begins with the declared schema, else {@code fallback}, unless the stream has begun. */
  public void beginIfNeeded(Schema fallback, DictionaryProvider dictionaries) {
    if (!ipc.started()) {
      begin(declaredSchema != null ? declaredSchema : fallback, dictionaries);
    }
  }

  /**
   * Starts the stream with a schema as it was received (wire form with dictionary ids kept; the
   * in-memory form), without sending dictionaries, if it has not begun.
   */
  public void beginChunked(Schema wireSchema, Schema schema) {
    checkOpen();
    if (!ipc.started()) {
      send(List.of(ipc.beginWithoutDictionaries(wireSchema, schema, takeDescriptor())), true);
      declaredSchema = schema;
    }
  }

  /** Sends dictionary batches (borrowed; immutable) as they are. */
  public void writeDictionaries(List<DictionaryUpdate> updates) {
    if (updates.isEmpty()) {
      return;
    }
    checkOpen();
    List<ByteBuf> messages = new ArrayList<>();
    try {
      for (DictionaryUpdate d : updates) {
        messages.add(ipc.dictionary(d.id(), d.values(), d.delta()));
      }
    } catch (RuntimeException e) {
      messages.forEach(ByteBuf::release);
      throw e;
    }
    send(messages, false);
  }

  /**
   * Sends one dictionary batch in the middle of the stream (borrowed until this returns; waits
   * for the socket).
   */
  public void writeDictionary(long id, FieldVector values, boolean delta) {
    checkOpen();
    if (!ipc.started()) {
      throw new IllegalStateException("the stream has not begun: dictionaries before the first batch go to begin()");
    }
    if (!usesDictionary(ipc.schema().getFields(), id)) {
      throw new IllegalArgumentException("no field of the stream's schema uses dictionary " + id);
    }
    send(List.of(ipc.dictionary(id, values, delta)), true);
  }

  private static boolean usesDictionary(List<Field> fields, long id) {
    for (Field f : fields) {
      if (f.getDictionary() != null && f.getDictionary().getId() == id || usesDictionary(f.getChildren(), id)) {
        return true;
      }
    }
    return false;
  }

  /** Sends a metadata-only message; returns once queued. */
  public void writeMetadata(byte[] appMetadata) {
    checkOpen();
    send(List.of(ipc.metadata(appMetadata, takeDescriptor())), false);
  }

  /**
   * Writes a batch, beginning the stream first if needed.
   *
   * @param batch borrowed; with {@code awaitWritten}, reusable once this returns (the message is
   *     copied when small or when the writer never waits); without it, the batch's buffers must
   *     stay unchanged (immutable table data: the message holds its own references)
   */
  public void write(VectorSchemaRoot batch, byte[] appMetadata, DictionaryProvider dictionaries, boolean awaitWritten) {
    checkOpen();
    beginIfNeeded(batch.getSchema(), dictionaries);
    checkFields(batch);
    // a writer that never waits copies a batch the caller may refill (writeBatchAsync does not);
    // so does one whose messages reach the reader by reference (in-process), where the wait would
    // end before the reader is done with the memory
    boolean copy = awaitWritten && (nonBlocking || stream.passesByReference());
    if (needsSlices(batch)) {
      writeSliced(batch, appMetadata, awaitWritten, copy);
      return;
    }
    if (copy) {
      // in-process the write still waits for the message to be delivered, as it would wait for
      // the socket: the writer runs ahead of a slow reader by no more than over the network
      send(List.of(ipc.batch(batch, appMetadata, takeDescriptor(), Integer.MAX_VALUE)), !nonBlocking);
      return;
    }
    // A small message is encoded as a copy of the root instead of waiting for the socket: a copy
    // of tens of KiB costs less than the thread hand-off of the wait, and the copy leaves the root
    // free at once just the same (BENCHMARKS.md, "the writer's refill contract").
    ByteBuf m = ipc.batch(batch, appMetadata, takeDescriptor(), awaitWritten ? COPY_BELOW : 0);
    send(List.of(m), awaitWritten && m.readableBytes() > COPY_BELOW);
  }

  /** The fields must match; schema-level metadata travels once, with the stream's schema. */
  private void checkFields(VectorSchemaRoot batch) {
    if (!ipc.schema().getFields().equals(batch.getSchema().getFields())) {
      throw new IllegalArgumentException("batch schema does not match the stream schema:\n  stream: "
          + ipc.schema() + "\n  batch:  " + batch.getSchema());
    }
  }

  private void checkSize(ByteBuf m) {
    if (writeSizeLimit > 0 && m.readableBytes() > writeSizeLimit) {
      long size = m.readableBytes();
      m.release();
      throw tooLarge(size);
    }
  }

  private FlightWriteSizeExceededError tooLarge(long size) {
    return new FlightWriteSizeExceededError("message of " + size + " bytes exceeds the write size limit of "
        + writeSizeLimit + " bytes; write smaller batches", writeSizeLimit, size);
  }

  /** Whether the batch's message would exceed {@code maxOutboundMessageSize}: it goes as row slices. */
  private boolean needsSlices(VectorSchemaRoot batch) {
    return maxMessageBytes > 0 && batch.getRowCount() > SLICE_ROWS && bodyBytes(batch) + SLACK > maxMessageBytes;
  }

  private static long bodyBytes(VectorSchemaRoot batch) {
    long size = 0;
    for (FieldVector v : batch.getFieldVectors()) {
      size += v.getBufferSize();
    }
    return size;
  }

  /**
   * Sends a batch too large for one message as consecutive row slices that share its buffers
   * (offsets of variable-width columns are rebased, a copy of 4 or 8 bytes a row). The app
   * metadata goes with the first slice. A slice of 8 rows is sent even when it is larger still.
   *
   * @return for a writer that never blocks, the future of the last slice's message; else null
   */
  private Future<Void> writeSliced(VectorSchemaRoot batch, byte[] appMetadata, boolean awaitWritten, boolean copy) {
    int rows = batch.getRowCount();
    double perRow = (double) bodyBytes(batch) / rows;
    int step = (int) Math.max(SLICE_ROWS, Math.floor((maxMessageBytes - SLACK) / perRow));
    step -= step % SLICE_ROWS;
    Future<Void> last = null;
    for (int start = 0; start < rows; start += step) {
      int length = Math.min(step, rows - start);
      try (VectorSchemaRoot slice = batch.slice(start, length)) {
        ByteBuf m = ipc.batch(slice, start == 0 ? appMetadata : null, takeDescriptor(), copy ? Integer.MAX_VALUE : 0);
        last = send(List.of(m), awaitWritten && start + length >= rows);
      }
    }
    return last;
  }

  private byte[] takeDescriptor() {
    byte[] d = descriptor;
    descriptor = null;
    return d;
  }

  /**
   * Takes ownership of {@code messages} (all released on failure).
   *
   * @return for a writer that never blocks, the future of the last message; else null
   */
  private Future<Void> send(List<ByteBuf> messages, boolean awaitWritten) {
    Future<Void> last = null;
    int i = 0;
    // in-process, a message that references memory the caller may reuse once this returns (the
    // schema's dictionaries, a dictionary batch) reaches the reader by reference: send a copy
    boolean copy = awaitWritten && stream.passesByReference();
    try {
      for (; i < messages.size(); i++) {
        ByteBuf m = messages.get(i);
        if (copy && m instanceof io.netty.buffer.CompositeByteBuf) {
          ByteBuf c = m.alloc().directBuffer(m.readableBytes());
          try {
            c.writeBytes(m, m.readerIndex(), m.readableBytes());
          } catch (RuntimeException e) {
            c.release();
            throw e;
          }
          m.release();
          m = c;
          messages = new java.util.ArrayList<>(messages);
          messages.set(i, m);
        }
        if (writeSizeLimit > 0 && m.readableBytes() > writeSizeLimit) {
          throw tooLarge(m.readableBytes());
        }
        if (nonBlocking) {
          last = stream.writeMessageNow(m, false);
        } else {
          stream.writeMessage(m, false, awaitWritten && i == messages.size() - 1);
        }
      }
      return last;
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
    if (cancelled.get()) {
      throwFailure();
    }
  }

  /** Throws the call's failure, if it has one (a cancel that came after the call completed leaves none). */
  private void throwFailure() {
    GrpcStatus f = stream.failure();
    if (f != null) {
      throw Errors.toFlight(f.asException());
    }
  }

  /** Sends the descriptor at once in a message of its own (DoExchange opens this way). */
  public void sendDescriptorNow() {
    byte[] d = takeDescriptor();
    if (d != null) {
      send(List.of(ipc.metadata(null, d)), false);
    }
  }

  /** Ends the writing side (sending the declared schema first if nothing was written); idempotent. */
  public void doneWriting() {
    if (done) {
      return;
    }
    if (cancelled.get()) {
      throwFailure();
      return;
    }
    if (!ipc.started() && declaredSchema != null) {
      begin(declaredSchema, null);
    }
    done = true;
    onDone.run();
  }

  public boolean isDoneWriting() {
    return done;
  }

  /** Cancels the call with {@code status} (at most once); any thread. */
  public void cancel(GrpcStatus status) {
    if (cancelled.compareAndSet(false, true)) {
      onCancel.accept(status);
    }
  }

  /** Cancels (client) or ends the stream (server) unless done or cancelled already. */
  public void close() {
    if (done || cancelled.get()) {
      return;
    }
    if (closeCancels) {
      cancel(GrpcStatus.of(dev.flightwire.internal.grpc.GrpcStatusCode.CANCELLED,
          "the writer was closed before doneWriting(): the upload is cancelled"));
    } else {
      doneWriting();
    }
  }
}
