package dev.flightwire;

import dev.flightwire.internal.flight.FlightDataWriter;
import dev.flightwire.internal.grpc.GrpcStatus;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.ipc.Tables;
import java.util.concurrent.CompletableFuture;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.table.Table;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes a stream of record batches and application metadata: the upload of DoPut and DoExchange
 * on the client ({@link DoPutStreams#writer()}, {@link DoExchangeStreams#writer()}), the response
 * of DoExchange on the server ({@link FlightServerBase#doExchange}). The stream starts with its
 * schema, sent by {@link #begin} or by the first write; then each write sends one message.
 *
 * <pre>{@code
 * try (DoPutStreams put = client.doPut(descriptor, root.getSchema())) {
 *   while (fill(root)) {
 *     put.writer().writeBatch(root);   // returns once sent: root may be refilled
 *   }
 *   put.writer().doneWriting();        // the upload is complete
 * }                                    // waits for the server's result; had fill() thrown
 *                                      // instead, the upload would be cancelled here
 * }</pre>
 *
 * <h2>Ending the stream: complete or cancelled</h2>
 * On the client an upload is complete only once {@link #doneWriting()} is called: that is what
 * the server sees as the end of a clean stream. Closing the writer (or the {@link DoPutStreams}
 * or {@link DoExchangeStreams} that own it) without {@code doneWriting()} cancels the call
 * instead, as {@link #cancel(String)} does: so an exception thrown inside try-with-resources never
 * commits a partial upload, and the server's handler sees {@link FlightCancelledError} rather
 * than the end of the stream. {@link #abort(Throwable)} and {@link #cancel(String)} cancel the
 * call explicitly.
 *
 * <h2>Zero copy and the refill contract</h2>
 * Batches are sent without copying: the message references the vectors' memory. So that the
 * common pattern of refilling one {@link VectorSchemaRoot} and writing it again stays correct,
 * {@link #writeBatch} borrows the root and returns only when Netty has handed every byte of the
 * batch to the socket; after it returns the root may be cleared, refilled or closed. A message of
 * at most 64 KiB is copied into one network buffer instead, and the write returns without waiting:
 * for small batches the copy costs less than the wait (DoPut of 1,024-row batches: about 1.3x the
 * throughput and a third of the client's system time). {@link #writeTable} sends immutable table data and does not wait: the message holds its own
 * references to the buffers until written, so the table may be closed at once. With
 * {@link IpcCompression} set, bodies are compressed into new buffers instead.
 *
 * <h2>Backpressure</h2>
 * At most the configured outbound buffer ({@code outboundBufferBytes}, 16 MiB by default) of
 * unwritten bytes per call; writes block beyond it, so a slow reader slows the writer instead of
 * filling memory.
 *
 * <h2>Threading</h2>
 * Not thread-safe: one thread at a time, except {@link #abort(Throwable)} and
 * {@link #cancel(String)}, which may be called from any thread. Writes block while the outbound
 * buffer is full or the bytes are being sent; a failed or cancelled call wakes them. Interrupting
 * a blocked write cancels the call: it throws {@link FlightCancelledError} caused by the
 * {@link InterruptedException}, with the thread's interrupt flag set again.
 *
 * <h2>Errors</h2>
 * A failed call (server error, cancellation, deadline, lost connection) makes writes throw the
 * corresponding {@link FlightError}; on the client, the server's status is also what the reader
 * of the call reports. Writing after {@link #doneWriting()} throws
 * {@link IllegalStateException}; writing after {@link #abort} or {@link #cancel} throws
 * {@link FlightCancelledError}.
 */
public final class FlightStreamWriter implements AutoCloseable {
  /** The write path (internal.flight): encoding, slicing, copy policy, sending; this class is its API. */
  private final FlightDataWriter core;

  FlightStreamWriter(FlightDataWriter core) {
    this.core = core;
  }

  /** The write path this writer is the facade of. */
  FlightDataWriter core() {
    return core;
  }

  /**
   * Whether this writer never waits: a writer of the asynchronous API
   * ({@link FlightClient#doPutAsync}, {@link FlightServerBase#doGetAsync}). Its writes queue
   * their messages even when the outbound buffer is full (check {@link #isReady()} first, and
   * continue in {@link #onReady}); {@link #writeBatch} copies the batch instead of waiting until
   * its bytes reach the socket, and {@link #writeBatchAsync} sends it without a copy.
   *
   * @return true for a writer of the asynchronous API
   */
  public boolean isNonBlocking() {
    return core.isNonBlocking();
  }

  /**
   * Whether a write now would neither wait nor grow the outbound buffer beyond its limit: the call
   * is live, writing is not done, and less than the outbound buffer ({@code outboundBufferBytes})
   * is waiting for the socket. Any thread.
   *
   * @return true when the writer is ready for another message
   */
  public boolean isReady() {
    return core.isReady();
  }

  /**
   * Sets what runs when the writer may be ready for more: once at once, then each time the
   * outbound buffer drains below its limit, and once when the call fails or is cancelled (so a
   * handler that waits for readiness learns of it: its next write throws). It runs on the
   * application's executor (the client's callback executor, or the server's executor), never on
   * the event loop, never on two threads at once, and possibly when the writer is not ready
   * after all: check {@link #isReady()} in it, as in
   *
   * <pre>{@code
   * writer.onReady(() -> {
   *   while (writer.isReady() && source.hasMore()) {
   *     writer.writeBatchAsync(source.next());
   *   }
   * });
   * }</pre>
   *
   * @param handler the handler, replacing any earlier one; null to stop
   */
  public void onReady(Runnable handler) {
    core.onReady(handler);
  }

  /**
   * Writes a record batch without waiting and without copying it: the asynchronous form of
   * {@link #writeBatch}. The message references the batch's buffers until its bytes reach the
   * socket, which the returned future tells; until then the batch must not be changed, refilled
   * or closed. Never blocks, even when the outbound buffer is full (check {@link #isReady()}). A
   * batch whose message would exceed the writer's {@code maxOutboundMessageSize} is sent as
   * several row slices (sharing its buffers), as by {@link #writeBatch}; the future then tells
   * when the last slice is written.
   *
   * @param batch the batch to send; borrowed until the future completes
   * @param appMetadata metadata sent with the batch (copied), or null
   * @return a future completed (on the application's executor) once the batch may be reused,
   *     or exceptionally with the {@link FlightError} the call failed with
   * @throws IllegalArgumentException when the batch's fields differ from the stream's schema
   * @throws IllegalStateException when writing is done
   * @throws FlightError the status the call had already failed with
   */
  public CompletableFuture<Void> writeBatchAsync(VectorSchemaRoot batch, byte[] appMetadata) {
    return core.writeBatchAsync(batch, appMetadata);
  }

  /**
   * {@link #writeBatchAsync(VectorSchemaRoot, byte[])} without metadata.
   *
   * @param batch the batch to send; borrowed until the future completes
   * @return a future completed once the batch may be reused
   */
  public CompletableFuture<Void> writeBatchAsync(VectorSchemaRoot batch) {
    return core.writeBatchAsync(batch, null);
  }

  /**
   * The schema of the stream: the one sent, else the one given when the call was opened (DoPut).
   *
   * @return the schema, or null when the stream has not started and none was given
   */
  public Schema schema() {
    return core.schema();
  }

  /**
   * Starts the stream: sends the schema now. The first write starts the stream by itself, so this
   * is needed only to send the schema before a metadata-only message, or without any batch.
   * Blocks until the schema is handed to the socket (a writer of the asynchronous API only queues
   * it, see {@link #isNonBlocking()}).
   *
   * @param schema the stream's schema; no field may be dictionary-encoded (see
   *     {@link #begin(Schema, DictionaryProvider)})
   * @throws IllegalStateException when the stream has already begun or writing is done
   * @throws FlightError the status the call failed with
   */
  public void begin(Schema schema) {
    core.begin(schema, null);
  }

  /**
   * Starts the stream with dictionaries for its dictionary-encoded fields: sends the schema and one
   * DictionaryBatch per dictionary the schema uses. Dictionaries are sent once, here; they cannot
   * be replaced or extended later in the stream. Blocks until every message is handed to the
   * socket.
   *
   * @param schema the stream's schema in Arrow's in-memory form (as a {@link VectorSchemaRoot}
   *     of dictionary-encoded vectors has it)
   * @param dictionaries the dictionaries the schema's fields refer to, or null when none is
   *     dictionary-encoded; borrowed (must not be retained or changed) until this returns
   * @throws IllegalArgumentException when a dictionary the schema uses is not in
   *     {@code dictionaries}
   * @throws IllegalStateException when the stream has already begun or writing is done
   * @throws FlightError the status the call failed with
   */
  public void begin(Schema schema, DictionaryProvider dictionaries) {
    core.begin(schema, dictionaries);
  }

  /**
   * Writes a record batch. Starts the stream with the batch's schema (or the one given when the
   * call was opened) if it has not begun. Blocks while the outbound buffer is full and until the
   * batch is handed to the socket (or, for a message of at most 64 KiB, copied). A batch whose
   * message would exceed the writer's
   * {@code maxOutboundMessageSize} is sent as several row slices.
   *
   * @param batch the batch to send; borrowed (must not be changed during the call), and may be
   *     cleared, refilled or closed once this returns
   * @throws IllegalArgumentException when the batch's fields differ from the stream's schema
   * @throws IllegalStateException when writing is done
   * @throws FlightWriteSizeExceededError when the message exceeds the client's write size limit
   *     (nothing is sent)
   * @throws FlightError the status the call failed with
   */
  public void writeBatch(VectorSchemaRoot batch) {
    core.write(batch, null, null, true);
  }

  /**
   * Writes a record batch with application metadata in the same message; otherwise as
   * {@link #writeBatch}.
   *
   * @param batch the batch to send; borrowed, and may be refilled once this returns
   * @param appMetadata the metadata (copied), or null for none
   * @throws IllegalArgumentException when the batch's fields differ from the stream's schema
   * @throws IllegalStateException when writing is done
   * @throws FlightWriteSizeExceededError when the message exceeds the client's write size limit
   * @throws FlightError the status the call failed with
   */
  public void writeWithMetadata(VectorSchemaRoot batch, byte[] appMetadata) {
    core.write(batch, appMetadata, null, true);
  }

  /**
   * Writes a message that carries only application metadata. It does not start the stream: call
   * {@link #begin} first if the reader should see the schema before it. Returns once the message
   * is queued (blocking only while the outbound buffer is full).
   *
   * @param appMetadata the metadata (copied: the array may be reused at once)
   * @throws IllegalStateException when writing is done
   * @throws FlightWriteSizeExceededError when the message exceeds the client's write size limit
   * @throws FlightError the status the call failed with
   */
  public void writeMetadata(byte[] appMetadata) {
    core.writeMetadata(appMetadata);
  }

  /**
   * Writes a whole table as one batch. This copies the table once: Arrow Java's {@code Table}
   * offers no zero-copy view of its full row range. Use {@link #writeTable(Table, int)} with a
   * chunk size below the row count to share the table's buffers instead. Starts the stream, with
   * the table's dictionaries, if it has not begun.
   *
   * @param table the table; borrowed, and may be closed once this returns
   * @throws IllegalArgumentException when the table's fields differ from the stream's schema
   * @throws IllegalStateException when writing is done
   * @throws FlightWriteSizeExceededError when the message exceeds the client's write size limit
   * @throws FlightError the status the call failed with
   */
  public void writeTable(Table table) {
    writeTable(table, Integer.MAX_VALUE);
  }

  /**
   * Writes a table in batches of at most {@code maxChunkSize} rows. The messages share the
   * table's buffers (a chunk that does not start on a multiple of 8 rows shifts its validity
   * bits, a small copy), except when one chunk covers the whole table, which copies it as
   * {@link #writeTable(Table)} does. Does not wait for the batches to reach the socket (it blocks
   * only while the outbound buffer is full). Starts the stream, with the table's dictionaries, if
   * it has not begun; an empty table is sent as one empty batch.
   *
   * @param table the table; borrowed, and may be closed once this returns
   * @param maxChunkSize the most rows per batch; positive
   * @throws IllegalArgumentException when {@code maxChunkSize} is not positive, or the table's
   *     fields differ from the stream's schema
   * @throws IllegalStateException when writing is done
   * @throws FlightWriteSizeExceededError when a message exceeds the client's write size limit
   * @throws FlightError the status the call failed with
   */
  public void writeTable(Table table, int maxChunkSize) {
    if (maxChunkSize <= 0) {
      throw new IllegalArgumentException("maxChunkSize must be positive");
    }
    core.beginIfNeeded(table.getSchema(), table.getDictionaryProvider());
    long rows = table.getRowCount();
    if (rows == 0) {
      try (VectorSchemaRoot view = Tables.view(table, 0, 0)) {
        core.write(view, null, null, false);
      }
      return;
    }
    for (long start = 0; start < rows; start += maxChunkSize) {
      int len = (int) Math.min(maxChunkSize, rows - start);
      try (VectorSchemaRoot view = Tables.view(table, (int) start, len)) {
        core.write(view, null, null, false);
      }
    }
  }

  /**
   * Writes a table read with {@link FlightStreamReader#readChunked()} as it was received: its
   * batches in order, each preceded by the dictionary batches (replacements and deltas) that
   * preceded it, sharing the table's buffers (no copy). Batches of more than
   * {@code maxChunkSize} rows go as row slices. Starts the stream with the table's schema, as
   * received (metadata included), if it has not begun. Does not wait for the batches to reach
   * the socket (it blocks only while the outbound buffer is full; a writer of the asynchronous
   * API queues the whole table at once, whatever {@link #isReady()} says).
   *
   * @param table the table; borrowed: keep it open until the call ends (messages in flight hold
   *     their own references to its buffers, but slices are made as the batches are written)
   * @param maxChunkSize the most rows per batch; positive
   * @throws IllegalArgumentException when {@code maxChunkSize} is not positive, or the table's
   *     fields differ from the stream's schema
   * @throws IllegalStateException when writing is done
   * @throws FlightWriteSizeExceededError when a message exceeds the client's write size limit
   * @throws FlightError the status the call failed with
   */
  public void writeChunked(ChunkedTable table, int maxChunkSize) {
    if (maxChunkSize <= 0) {
      throw new IllegalArgumentException("maxChunkSize must be positive");
    }
    core.beginChunked(table.wireSchema(), table.schema());
    for (int i = 0; i < table.batchCount(); i++) {
      core.writeDictionaries(table.updatesBefore(i));
      VectorSchemaRoot batch = table.batches().get(i);
      for (FlightStreamChunk chunk : ChunkSlicer.slices(batch, maxChunkSize)) {
        try (chunk) {
          core.write(chunk.data(), null, null, false);
        }
      }
    }
    core.writeDictionaries(table.updatesBefore(table.batchCount()));
  }

  /**
   * Writes a table read with {@link FlightStreamReader#readChunked()} as it was received, batch
   * for batch; as {@link #writeChunked(ChunkedTable, int)} with no limit on the rows per batch.
   *
   * @param table the table; borrowed
   * @throws IllegalArgumentException when the table's fields differ from the stream's schema
   * @throws IllegalStateException when writing is done
   * @throws FlightWriteSizeExceededError when a message exceeds the client's write size limit
   * @throws FlightError the status the call failed with
   */
  public void writeChunked(ChunkedTable table) {
    writeChunked(table, Integer.MAX_VALUE);
  }

  /**
   * Sends a dictionary batch in the middle of the stream: new values for a dictionary the
   * schema's fields use, which replace it (or, as a delta, are appended to it) for the batches
   * written after. IPC streams allow this; Arrow IPC files do not (a reader that writes a file
   * refuses such a stream). Blocks until the message is handed to the socket.
   *
   * @param dictionary the values and the encoding (its id); borrowed until this returns
   * @param delta true to append the values to the dictionary, false to replace it
   * @throws IllegalStateException when the stream has not begun, or writing is done
   * @throws IllegalArgumentException when no field of the stream's schema uses the dictionary's id
   * @throws FlightError the status the call failed with
   */
  public void writeDictionary(Dictionary dictionary, boolean delta) {
    core.writeDictionary(dictionary.getEncoding().getId(), dictionary.getVector(), delta);
  }

  /**
   * Ends the writing side: the stream written so far is complete. On the client it half-closes
   * the call (HTTP/2 END_STREAM), so the server's reader sees the end of the upload; if nothing
   * was written to a DoPut, the schema given when the call was opened is sent first. On the
   * server (DoExchange) it only stops further writes: the response ends when the handler returns.
   * A second call does nothing.
   *
   * @throws FlightError the status the call failed with, when the schema still had to be sent;
   *     {@link FlightCancelledError} after {@link #abort} or {@link #cancel}
   */
  public void doneWriting() {
    core.doneWriting();
  }

  /**
   * Whether {@link #doneWriting()} has ended the stream.
   *
   * @return true once the stream is complete
   */
  public boolean isDoneWriting() {
    return core.isDoneWriting();
  }

  /**
   * Cancels the call because of {@code cause}: as {@link #cancel(String)}, with {@code cause} as
   * the cause of the {@link FlightCancelledError} that the call's writes and reads then throw
   * (the cause itself is not sent: the peer sees the call cancelled).
   *
   * @param cause why the call is given up, or null
   */
  public void abort(Throwable cause) {
    core.cancel(GrpcStatus.of(GrpcStatusCode.CANCELLED,
        cause == null ? "the call was aborted" : "the call was aborted: " + cause, CallHeaders.EMPTY, cause));
  }

  /**
   * Cancels the call. On the client, the stream is reset (RST_STREAM CANCEL): the server's reader
   * throws {@link FlightCancelledError} instead of seeing the end of the upload, and nothing
   * written is acknowledged as complete. Queued messages are released; writes and reads of the
   * call (this writer's, and those of the call's reader) then throw {@link FlightCancelledError}
   * with {@code reason} as its message. On the server (DoExchange), the client gets CANCELLED with
   * {@code reason} and the stream is reset. Idempotent, and may be called from any thread, for
   * example to stop a write blocked in another. Once the call has completed (its final status
   * arrived), it does nothing; after {@link #doneWriting()} the server may already have taken the
   * upload as complete.
   *
   * @param reason the local error's message (on the server, also sent to the client)
   */
  public void cancel(String reason) {
    core.cancel(GrpcStatus.of(GrpcStatusCode.CANCELLED, reason == null ? "the call was cancelled" : reason));
  }

  /**
   * On the client, after {@link #doneWriting()} does nothing, and before it cancels the call as
   * {@link #cancel(String)} does: an upload is committed only by {@code doneWriting()}, never by
   * closing, so an exception inside try-with-resources does not make a partial stream look
   * complete. It does not throw, and does not wait for the call's result (read through the
   * call's reader; {@link DoPutStreams#close()} and {@link DoExchangeStreams#close()} do both).
   * On the server, the same as {@link #doneWriting()}. A second call does nothing.
   *
   * @throws FlightError on the server, when the schema still had to be sent and the call failed
   */
  @Override
  public void close() {
    core.close();
  }
}
