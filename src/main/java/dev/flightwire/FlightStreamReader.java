package dev.flightwire;

import dev.flightwire.internal.call.CallStream;
import dev.flightwire.internal.grpc.GrpcStatus;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;
import dev.flightwire.internal.ipc.FlightDataDecoder;
import dev.flightwire.internal.ipc.FlightDataMessage;
import dev.flightwire.internal.ipc.IpcStreamReader;
import dev.flightwire.internal.proto.FlightDescriptor;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.table.Table;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;
import org.apache.arrow.vector.util.VectorSchemaRootAppender;

/**
 * Reads a stream of record batches (DoGet on the client; DoPut and DoExchange on both sides).
 *
 * <h3>Memory</h3>
 * Batches load into one {@link VectorSchemaRoot} owned by the reader and reused for every batch:
 * {@link #root()} and {@link FlightStreamChunk#data()} are valid until the next read. Vectors are
 * slices of the received network buffers (no copy), accounted to the reader's allocator. Closing
 * the reader releases everything; closing it before the end cancels the call.
 *
 * <h3>Threading</h3>
 * One thread at a time. Reads block until a message arrives, the stream ends, or the call fails
 * (deadline, cancellation, server error), which is thrown as a {@link FlightError}.
 */
public final class FlightStreamReader implements Iterable<FlightStreamChunk>, AutoCloseable {
  private final CallStream stream;
  private final IpcStreamReader ipc;
  private final BufferAllocator allocator;
  private final Runnable onEarlyClose;
  private final java.util.function.Consumer<GrpcStatus> onBadInput;
  private FlightError failure;
  private final ArrayDeque<byte[]> metadataBeforeSchema = new ArrayDeque<>();
  private dev.flightwire.FlightDescriptor descriptor;
  private boolean firstRead;
  private boolean ended;
  private boolean closed;
  private byte[] latestMetadata;

  /**
   * @param onEarlyClose runs when the reader is closed before the end (client: cancel the call)
   * @param onBadInput runs when a received message is malformed (client: cancel; server: fail the
   *     call so it ends with that status even if the handler swallows the error)
   */
  FlightStreamReader(CallStream stream, BufferAllocator allocator, Runnable onEarlyClose,
      java.util.function.Consumer<GrpcStatus> onBadInput) {
    this.onBadInput = onBadInput;
    this.stream = stream;
    this.allocator = allocator;
    this.ipc = new IpcStreamReader(allocator);
    this.onEarlyClose = onEarlyClose;
  }

  /** The schema of the stream; blocks until it arrives. */
  public Schema schema() {
    ensureSchema();
    return ipc.schema();
  }

  /** The descriptor sent with the first message (DoPut, DoExchange), or null if none. */
  public dev.flightwire.FlightDescriptor descriptor() {
    if (!firstRead && !ended) {
      readOne();
    }
    return descriptor;
  }

  /** The dictionaries of dictionary-encoded columns, owned by the reader. */
  public DictionaryProvider dictionaries() {
    ensureSchema();
    return new DictionaryProvider.MapDictionaryProvider(ipc.dictionaries().values().toArray(
        new org.apache.arrow.vector.dictionary.Dictionary[0]));
  }

  /** The root batches load into, owned by the reader; null before the schema arrived. */
  public VectorSchemaRoot root() {
    return ipc.root();
  }

  /** The application metadata of the latest chunk, or null. */
  public byte[] latestMetadata() {
    return latestMetadata;
  }

  /**
   * Reads the next chunk: a batch (loaded into {@link #root()}), metadata, or both.
   *
   * @return the chunk, or null at the end of the stream
   */
  public FlightStreamChunk readChunk() {
    while (true) {
      if (!metadataBeforeSchema.isEmpty()) {
        latestMetadata = metadataBeforeSchema.poll();
        return FlightStreamChunk.metadataOnly(latestMetadata);
      }
      Step s = readOne();
      if (s == null) {
        return null;
      }
      if (s.kind == IpcStreamReader.Kind.BATCH) {
        latestMetadata = s.metadata;
        return FlightStreamChunk.of(ipc.root(), s.metadata);
      }
      if (s.kind == IpcStreamReader.Kind.METADATA && s.metadata != null) {
        latestMetadata = s.metadata;
        return FlightStreamChunk.metadataOnly(s.metadata);
      }
    }
  }

  /**
   * Advances to the next record batch, skipping metadata-only messages (their metadata is still
   * visible through {@link #latestMetadata()}).
   *
   * @return false at the end of the stream
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
   * Reads every remaining batch into one table (batches are concatenated, which copies). The
   * table is owned by the caller; its dictionary vectors stay owned by this reader.
   */
  public Table readAll() {
    Schema schema = schema();
    List<VectorSchemaRoot> batches = new ArrayList<>();
    try {
      while (next()) {
        batches.add(transferOut(ipc.root()));
      }
      VectorSchemaRoot all = VectorSchemaRoot.create(schema, allocator);
      try {
        // Arrow's appender reads the target's offset buffers, which exist only once allocated
        all.allocateNew();
        if (!batches.isEmpty()) {
          VectorSchemaRootAppender.append(false, all, batches.toArray(new VectorSchemaRoot[0]));
        }
        DictionaryProvider dictionaries = ipc.dictionaries().isEmpty() ? null : dictionaries();
        List<FieldVector> vectors = new ArrayList<>(all.getFieldVectors());
        Table table = new Table(vectors, all.getRowCount(), dictionaries);
        return table;
      } catch (RuntimeException e) {
        all.close();
        throw e;
      }
    } finally {
      batches.forEach(VectorSchemaRoot::close);
    }
  }

  private VectorSchemaRoot transferOut(VectorSchemaRoot root) {
    List<FieldVector> out = new ArrayList<>();
    for (FieldVector v : root.getFieldVectors()) {
      TransferPair tp = v.getTransferPair(allocator);
      tp.transfer();
      out.add((FieldVector) tp.getTo());
    }
    VectorSchemaRoot r = new VectorSchemaRoot(root.getSchema().getFields(), out, root.getRowCount());
    root.setRowCount(0);
    return r;
  }

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

  /** Cancels the call (client side); the server sees its call cancelled. */
  public void cancel() {
    stream.cancel(GrpcStatus.of(GrpcStatusCode.CANCELLED, "cancelled by the client"));
    ended = true;
    failure = new FlightCancelledError("the stream was cancelled");
  }

  private void ensureSchema() {
    while (ipc.schema() == null) {
      Step s = readOne();
      if (s == null) {
        throw new FlightInternalError("the stream ended before its schema arrived");
      }
      if (s.kind == IpcStreamReader.Kind.METADATA && s.metadata != null) {
        metadataBeforeSchema.add(s.metadata);
      }
      if (s.kind == IpcStreamReader.Kind.BATCH) {
        throw new FlightInternalError("a record batch arrived before the schema");
      }
    }
  }

  private record Step(IpcStreamReader.Kind kind, byte[] metadata) {}

  /** Reads and applies one message; null at the end. */
  private Step readOne() {
    if (closed) {
      throw new IllegalStateException("reader is closed");
    }
    if (failure != null) {
      throw failure;
    }
    if (ended) {
      return null;
    }
    ByteBuf raw;
    try {
      raw = stream.readMessage();
    } catch (GrpcStatusException e) {
      ended = true;
      failure = Errors.toFlight(e);
      throw failure;
    }
    if (raw == null) {
      ended = true;
      firstRead = true;
      return null;
    }
    try {
      FlightDataMessage m = FlightDataDecoder.decode(raw, allocator);
      if (!firstRead) {
        firstRead = true;
        try {
          descriptor = m.descriptor() == null ? null : parseDescriptor(m.descriptor());
        } catch (GrpcStatusException e) {
          m.close(); // ipc.apply below would have released the body
          throw e;
        }
      }
      byte[] md = m.appMetadata();
      IpcStreamReader.Kind kind = ipc.apply(m);
      return new Step(kind, md);
    } catch (GrpcStatusException e) {
      ended = true;
      onBadInput.accept(e.status());
      failure = Errors.toFlight(e);
      throw failure;
    }
  }

  private static dev.flightwire.FlightDescriptor parseDescriptor(byte[] bytes) {
    try {
      return Protos.fromProto(FlightDescriptor.parseFrom(bytes));
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw GrpcStatusException.of(GrpcStatusCode.INVALID_ARGUMENT, "malformed FlightDescriptor: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!ended) {
      onEarlyClose.run();
    }
    stream.discardInbound();
    ipc.close();
  }
}
