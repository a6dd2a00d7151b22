package dev.flightwire;

import dev.flightwire.internal.flight.FlightDataReader;
import dev.flightwire.internal.flight.FlightDataReader.Step;
import dev.flightwire.internal.ipc.Concatenation;
import dev.flightwire.internal.ipc.DictionaryUpdate;
import dev.flightwire.internal.ipc.IpcStreamReader;
import dev.flightwire.internal.ipc.VectorShare;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.table.Table;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads a stream of record batches and application metadata: the response of DoGet and
 * DoExchange on the client ({@link FlightClient#doGet}, {@link DoExchangeStreams#reader()}), the
 * upload of DoPut and DoExchange on the server ({@link FlightServerBase#doPut},
 * {@link FlightServerBase#doExchange}). A stream is a schema (with the dictionaries of its
 * dictionary-encoded fields), then any number of chunks, each a record batch, app metadata, or
 * both ({@link FlightStreamChunk}).
 *
 * <pre>{@code
 * try (FlightStreamReader reader = client.doGet(ticket)) {
 *   while (reader.next()) {
 *     VectorSchemaRoot batch = reader.root();   // valid until the next read
 *     byte[] metadata = reader.latestMetadata(); // or null
 *   }
 * }
 * }</pre>
 *
 * <h2>Memory</h2>
 * Batches load into one {@link VectorSchemaRoot} owned by the reader and reused for every batch:
 * {@link #root()} and {@link FlightStreamChunk#data()} are borrowed, valid until the next read,
 * and must not be closed; a chunk's {@code data()} throws {@link IllegalStateException} once the
 * reader has moved on, and {@link FlightStreamChunk#keep()} returns an owned chunk that stays
 * valid (no copy). Vectors are slices of the received network buffers (no copy),
 * accounted to the reader's allocator (the client's, or the server's). To keep data beyond the
 * next read, use {@link #readChunked()} (no copy) or {@link #readAll()} (one table, one copy).
 * Closing the reader releases the root, the dictionaries and any messages still queued.
 *
 * <h2>Flow control</h2>
 * Received bytes go back to the sender's HTTP/2 window as the reader moves past the message that
 * holds them, not when they arrive: a reader that stops reading stops the sender once the receive
 * window is full, so nothing buffers without bound.
 *
 * <h2>Threading</h2>
 * Not thread-safe: one thread at a time (only {@link #cancel()} may come from another). Reads
 * block until a message arrives, the stream ends, or the call fails (deadline, cancellation,
 * server error, lost connection). Interrupting a blocked read (or starting one with the interrupt
 * flag set, when it has to wait) cancels the call (RST_STREAM CANCEL; a server reader sends the
 * client CANCELLED) and throws {@link FlightCancelledError} whose cause is the
 * {@link InterruptedException}; the thread's interrupt flag is set again.
 *
 * <h2>Errors</h2>
 * A failed call is thrown from the reads as its {@link FlightError}, and again by every later
 * read. A malformed message fails the call: a client cancels it, a server ends it with that
 * status (INVALID_ARGUMENT for a broken IPC stream) even if the handler catches the error.
 * Reading a closed reader throws {@link IllegalStateException}.
 */
public final class FlightStreamReader implements Iterable<FlightStreamChunk>, AutoCloseable {
  /** The read path (internal.flight): receiving, decoding, applying messages; this class is its API. */
  private final FlightDataReader core;
  private final IpcStreamReader ipc;
  /** Set by {@link #close()}: the reader's memory is the application's now. Any thread reads it. */
  private volatile boolean released;
  /** App metadata of messages read ahead of the caller (by {@link #descriptor()} or {@link #schema()}), not yet returned. */
  private final ArrayDeque<byte[]> pendingMetadata = new ArrayDeque<>();
  private byte[] latestMetadata;
  /** Counts reads: a chunk borrowed from an earlier read is no longer valid. */
  private long readCount;

  FlightStreamReader(FlightDataReader core) {
    this.core = core;
    this.ipc = core.ipc();
  }

  /**
   * The schema of the stream, in Arrow's in-memory form. Blocks until the Schema message arrives;
   * metadata-only messages before it are kept for {@link #readChunk()}.
   *
   * @return the schema
   * @throws FlightInternalError when the stream ends, or a batch arrives, before the schema
   * @throws FlightError the status the call failed with
   */
  public Schema schema() {
    ensureSchema();
    return ipc.schema();
  }

  /**
   * Waits for the schema, as {@link #schema()} does, but answers false instead of throwing when
   * the stream ends without one: for a DoExchange whose peer may send no data at all.
   *
   * @return true when the schema arrived, false when the stream ended before it
   * @throws FlightInternalError when a batch arrives before the schema
   * @throws FlightError the status the call failed with
   */
  public boolean awaitSchema() {
    while (ipc.schema() == null) {
      Step s = readOne();
      if (s == null) {
        return false;
      }
      if (s.kind() == IpcStreamReader.Kind.BATCH) {
        throw new FlightInternalError("a record batch arrived before the schema");
      }
      keepMetadata(s);
    }
    return true;
  }

  /**
   * The descriptor sent with the stream's first message: on the server, the one of the DoPut or
   * DoExchange upload (the library reads it before calling the handler); on the client, null, as
   * servers send none. Reads the first message if none was read yet.
   *
   * @return the descriptor, or null when the first message carried none
   * @throws FlightError the status the call failed with
   */
  public FlightDescriptor descriptor() {
    if (core.atStart()) {
      Step s = readOne();
      if (s != null && s.kind() == IpcStreamReader.Kind.BATCH) {
        throw new FlightInternalError("a record batch arrived before the schema");
      }
      keepMetadata(s);
    }
    return core.descriptor();
  }

  /**
   * The dictionaries of the stream's dictionary-encoded fields received so far: all of them once
   * the first batch has been read. Blocks until the schema arrives.
   *
   * @return a new provider over the reader's dictionaries; they are borrowed, valid until the
   *     reader is closed, and must not be closed
   * @throws FlightInternalError when the stream ends, or a batch arrives, before the schema
   * @throws FlightError the status the call failed with
   */
  public DictionaryProvider dictionaries() {
    ensureSchema();
    return new DictionaryProvider.MapDictionaryProvider(ipc.dictionaries().values().toArray(
        new org.apache.arrow.vector.dictionary.Dictionary[0]));
  }

  /**
   * The root batches load into. Blocks until the schema arrives, as {@link #schema()} does (and
   * as Arrow Java's {@code getRoot()} does): the call's deadline, a cancellation or an interrupt
   * end the wait. Before the first {@link #next()}, the root has the stream's schema and no rows.
   *
   * @return the reader's root; borrowed: its content is valid until the next read, and it must
   *     not be closed (the reader closes it)
   * @throws FlightInternalError when the stream ends, or a batch arrives, before the schema
   * @throws FlightError the status the call failed with, when it failed before the schema
   */
  public VectorSchemaRoot root() {
    ensureSchema();
    return ipc.root();
  }

  /**
   * Whether the schema has arrived. Does not block.
   *
   * @return true once the Schema message was read ({@link #schema()} and {@link #root()} then
   *     answer at once)
   */
  public boolean hasSchema() {
    return ipc.schema() != null;
  }

  /**
   * The application metadata of the latest chunk read, batch or metadata-only.
   *
   * @return the metadata (the reader keeps no other reference to the array), or null when the
   *     latest chunk carried none or nothing was read yet
   */
  public byte[] latestMetadata() {
    return latestMetadata;
  }

  /**
   * Reads the next chunk: a batch (loaded into {@link #root()}), metadata, or both. Blocks until
   * one arrives; dictionary messages are applied on the way.
   *
   * @return the chunk; its data borrows the reader's root and is valid only until the next read
   *     (after which {@link FlightStreamChunk#data()} throws {@link IllegalStateException}; keep
   *     it with {@link FlightStreamChunk#keep()}); null at the end of the stream
   * @throws FlightError the status the call failed with
   * @throws IllegalStateException when the reader is closed
   */
  public FlightStreamChunk readChunk() {
    return readChunk(true);
  }

  /**
   * Stands for "no chunk yet" in {@link #pollChunk()}: never handed to the application.
   */
  static final FlightStreamChunk NOT_YET = FlightStreamChunk.metadataOnly(new byte[0]);

  /**
   * The non-blocking form of {@link #readChunk()}, for the asynchronous API: reads what has
   * arrived and returns {@link #NOT_YET} instead of waiting. Reading thread only (one at a time).
   *
   * @return the chunk (borrowed, as from {@code readChunk()}), {@link #NOT_YET}, or null at the end
   */
  FlightStreamChunk pollChunk() {
    return readChunk(false);
  }

  private FlightStreamChunk readChunk(boolean block) {
    readCount++;
    while (true) {
      if (!pendingMetadata.isEmpty()) {
        latestMetadata = pendingMetadata.poll();
        return FlightStreamChunk.metadataOnly(latestMetadata);
      }
      Step s = readOne(block);
      if (s == null) {
        return null;
      }
      if (s == FlightDataReader.PENDING) {
        return NOT_YET;
      }
      if (s.kind() == IpcStreamReader.Kind.BATCH) {
        latestMetadata = s.metadata();
        return FlightStreamChunk.borrowed(ipc.root(), s.metadata(), this, readCount);
      }
      if (s.metadata() != null) {   // a metadata-only message, or metadata sent with the schema
        latestMetadata = s.metadata();
        return FlightStreamChunk.metadataOnly(s.metadata());
      }
    }
  }

  /**
   * Advances to the next record batch and loads it into {@link #root()}, skipping metadata-only
   * messages (the latest metadata is still visible through {@link #latestMetadata()}). Blocks
   * until a batch arrives or the stream ends.
   *
   * @return true when a batch was loaded; false at the end of the stream
   * @throws FlightError the status the call failed with
   * @throws IllegalStateException when the reader is closed
   */
  public boolean next() {
    while (true) {
      FlightStreamChunk c = readChunk();
      if (c == null) {
        return false;
      }
      if (c.data() != null) {
        return true;
      }
    }
  }

  /**
   * Reads every remaining batch and keeps them as received: nothing is copied. The batches come
   * out of the reader (each an owned slice of the received messages), with the schema as sent
   * (its metadata and every field's included) and the dictionary batches in the order they
   * arrived, so the table can be sent again exactly as it came ({@link RecordBatchStream},
   * {@link FlightStreamWriter#writeChunked}). Dictionaries received before this call are kept as
   * they stand at the call. Metadata-only messages are skipped.
   *
   * @return an owned table (the caller closes it), accounted to the reader's allocator
   * @throws FlightInternalError when the stream ends before its schema
   * @throws FlightError the status the call failed with; what was read so far is released
   */
  public ChunkedTable readChunked() {
    Schema schema = schema();
    List<VectorSchemaRoot> batches = new ArrayList<>();
    List<List<DictionaryUpdate>> updates = new ArrayList<>();
    List<DictionaryUpdate> pending = new ArrayList<>();
    boolean ok = false;
    try {
      List<Long> ids = new ArrayList<>(ipc.dictionaries().keySet());
      ids.sort(null);
      for (long id : ids) {
        if (ipc.received(id)) {
          pending.add(new DictionaryUpdate(id, VectorShare.share(ipc.dictionaries().get(id).getVector(), allocator()), false));
        }
      }
      ipc.record(pending::add);
      while (next()) {
        batches.add(VectorShare.share(ipc.root(), allocator()));
        updates.add(new ArrayList<>(pending));
        pending.clear();
      }
      updates.add(new ArrayList<>(pending));
      pending.clear();
      ChunkedTable table = new ChunkedTable(schema, ipc.wireSchema(), allocator(), batches, updates);
      ok = true;
      return table;
    } finally {
      ipc.record(null);
      if (!ok) {
        batches.forEach(VectorSchemaRoot::close);
        updates.forEach(l -> l.forEach(d -> d.values().close()));
        pending.forEach(d -> d.values().close());
      }
    }
  }

  /**
   * Reads every remaining batch into one table, concatenating them into new vectors: one copy of
   * the data (a stream of one batch is not copied). Prefer {@link #readChunked()}, which copies
   * nothing and keeps the batches and dictionary batches as sent. The table's schema keeps the
   * stream's metadata. Unions are concatenated correctly, but Arrow's {@code Table} moves its
   * vectors through transfer pairs in {@code toVectorSchemaRoot()} and {@code getVectorCopy()},
   * which lose a dense union's type ids: read dense unions with {@link #readChunked()}.
   *
   * @return an owned table (the caller closes it), allocated from the reader's allocator; when
   *     the schema has dictionary-encoded fields, its dictionary provider is over the reader's
   *     dictionaries, which stay owned by this reader and valid until it is closed
   * @throws FlightInternalError when the stream ends before its schema
   * @throws FlightInvalidArgumentError when a dictionary is replaced after the first batch (the
   *     batches' indices then refer to different dictionaries and cannot share one table)
   * @throws FlightUnimplementedError when the stream has several batches and a column Arrow Java
   *     cannot append (run-end encoded, list views; the message names it); the stream is consumed
   * @throws FlightError the status the call failed with
   */
  public Table readAll() {
    try (ChunkedTable chunks = readChunked()) {
      for (int i = 1; i <= chunks.batchCount(); i++) {
        for (DictionaryUpdate d : chunks.updatesBefore(i)) {
          if (!d.delta()) {
            throw new FlightInvalidArgumentError("dictionary " + d.id() + " is replaced after the first batch,"
                + " so the batches cannot be concatenated into one table; read them with readChunked()");
          }
        }
      }
      String column = chunks.batchCount() > 1 ? Concatenation.unconcatenable(chunks.schema()) : null;
      if (column != null) {
        throw new FlightUnimplementedError("readAll() cannot concatenate column " + column + ": Arrow Java cannot"
            + " append that type; readChunked() keeps the batches as received, without copying");
      }
      DictionaryProvider dictionaries = ipc.dictionaries().isEmpty() ? null : dictionaries();
      return Concatenation.table(chunks.schema(), chunks.batches(), dictionaries, allocator());
    }
  }

  /**
   * The remaining chunks, as {@link #readChunk()} returns them. The iterator's {@code hasNext()}
   * blocks and throws what {@code readChunk()} throws. Each chunk borrows the reader's root: it
   * is valid until the iterator reads the next chunk ({@code hasNext()} after a {@code next()}),
   * after which its {@link FlightStreamChunk#data()} throws {@link IllegalStateException}. To keep
   * a chunk, call {@link FlightStreamChunk#keep()} on it (returns an owned chunk, no copy), or read
   * the whole stream with {@link #readChunked()}.
   *
   * @return an iterator over this reader (not a copy: it consumes the stream)
   */
  @Override
  public Iterator<FlightStreamChunk> iterator() {
    return new Iterator<>() {
      private FlightStreamChunk next;

      @Override
      public boolean hasNext() {
        if (next == null) {
          next = readChunk();
        }
        return next != null;
      }

      @Override
      public FlightStreamChunk next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        FlightStreamChunk c = next;
        next = null;
        return c;
      }
    };
  }

  /**
   * Cancels the call: the stream is reset (RST_STREAM CANCEL), the peer sees the call cancelled,
   * and reads then throw {@link FlightCancelledError}. Meant for the client. Unlike the other
   * methods, it may be called from another thread, for example to stop a read blocked there.
   */
  public void cancel() {
    core.cancel();
  }

  /**
   * Reads from the call {@code retry} opens, once, if the server refused this one without
   * processing it (GOAWAY below its stream id, REFUSED_STREAM) before any message arrived: gRPC's
   * transparent retry, for a call whose whole request went with its headers (client DoGet).
   */
  /** The read path this reader is the facade of. */
  FlightDataReader core() {
    return core;
  }

  /** Whether {@link #close()} was called. Any thread. */
  boolean isReleased() {
    return released;
  }

  /** The dictionaries received so far, by id (the reader's own). */
  java.util.Map<Long, org.apache.arrow.vector.dictionary.Dictionary> dictionaryMap() {
    return ipc.dictionaries();
  }

  /** How many reads there were: a borrowed chunk is valid while this has not changed. */
  long readCount() {
    return readCount;
  }

  BufferAllocator allocator() {
    return core.allocator();
  }

  private void ensureSchema() {
    if (!awaitSchema()) {
      throw new FlightInternalError("the stream ended before its schema arrived");
    }
  }

  /** Keeps the app metadata of a message read ahead, to be returned by the next reads in order. */
  private void keepMetadata(Step s) {
    if (s != null && s.metadata() != null) {
      pendingMetadata.add(s.metadata());
    }
  }

  private Step readOne() {
    return core.read(true);
  }

  private Step readOne(boolean block) {
    return core.read(block);
  }

  /**
   * Releases the root, the dictionaries and any messages still queued. On the client, closing
   * before the end of the stream cancels the call (the server sees CANCELLED). On the server, the
   * library closes the reader when the handler returns. A second call does nothing.
   */
  @Override
  public void close() {
    if (released) {
      return;
    }
    readCount++;
    core.close();
    released = true;
  }
}
