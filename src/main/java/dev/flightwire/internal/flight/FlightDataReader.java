package dev.flightwire.internal.flight;

import dev.flightwire.FlightCancelledError;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightError;
import dev.flightwire.internal.call.MessageStream;
import dev.flightwire.internal.call.RefusedRetry;
import dev.flightwire.internal.convert.Errors;
import dev.flightwire.internal.convert.Protos;
import dev.flightwire.internal.grpc.GrpcStatus;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;
import dev.flightwire.internal.ipc.FlightDataDecoder;
import dev.flightwire.internal.ipc.FlightDataMessage;
import dev.flightwire.internal.ipc.IpcStreamReader;
import io.netty.buffer.ByteBuf;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The read path of a FlightData stream, for client and server alike: takes each message off the
 * call, decodes it (the body stays in the received buffer: vectors are slices of it, no copy),
 * reads the descriptor of the first message, applies schema, dictionary and batch messages to the
 * {@link IpcStreamReader}, and turns failures into {@link FlightError}s: a malformed message
 * fails the call through {@code onBadInput}, a refused DoGet is opened again once.
 * {@code dev.flightwire.FlightStreamReader} is the public facade over it (chunks, tables,
 * iteration) and documents the behaviour. Talks to the transport only through {@link MessageStream}.
 *
 * <p>One reading thread at a time; {@link #cancel()} from any thread.
 */
public final class FlightDataReader {
  /** What one message was: its kind and its app metadata (null for none). */
  public record Step(IpcStreamReader.Kind kind, byte[] metadata) {}

  /** Returned by a non-blocking {@link #read} when no message is queued yet. */
  public static final Step PENDING = new Step(null, null);

  /** The call read from; replaced once if the server refused the first one unprocessed. */
  private volatile MessageStream stream;
  /** Opens the call again (client DoGet); used at most once, before the first message. */
  private RefusedRetry<MessageStream> retry = new RefusedRetry<>(null);
  private final IpcStreamReader ipc;
  private final BufferAllocator allocator;
  private final Consumer<MessageStream> onEarlyClose;
  private final BiConsumer<MessageStream, GrpcStatus> onBadInput;
  /** Set by {@link #cancel()}, from any thread; the reading thread moves it into {@code failure}. */
  private volatile FlightCancelledError cancelledBy;
  private FlightError failure;
  private FlightDescriptor descriptor;
  private boolean firstRead;
  private boolean ended;
  private boolean closed;

  /**
   * @param allocator accounts the received batches; borrowed
   * @param onEarlyClose runs with the call when the reader is closed before the end (client:
   *     cancel the call)
   * @param onBadInput runs with the call when a received message is malformed (client: cancel;
   *     server: fail the call so it ends with that status even if the handler swallows the error)
   */
  public FlightDataReader(MessageStream stream, BufferAllocator allocator, Consumer<MessageStream> onEarlyClose,
      BiConsumer<MessageStream, GrpcStatus> onBadInput) {
    this.stream = stream;
    this.allocator = allocator;
    // a compressed batch may decompress to no more than the largest message accepted uncompressed
    this.ipc = new IpcStreamReader(allocator, stream.maxInboundMessageSize());
    this.onEarlyClose = onEarlyClose;
    this.onBadInput = onBadInput;
  }

  /** The IPC state: schema, dictionaries, the root batches load into. Owned by this reader. */
  public IpcStreamReader ipc() {
    return ipc;
  }

  public BufferAllocator allocator() {
    return allocator;
  }

  /** Opens the call again, once, if the peer refused it before processing it (client DoGet). */
  public void retryRefused(Supplier<? extends MessageStream> retry) {
    this.retry = new RefusedRetry<>(retry);
  }

  /** Whether no message has been read and the stream has not ended. */
  public boolean atStart() {
    return !firstRead && !ended;
  }

  /** The descriptor of the first message, or null (none, or not read yet). */
  public FlightDescriptor descriptor() {
    return descriptor;
  }

  /** Cancels the call (RST_STREAM CANCEL on HTTP/2); the next read throws. Any thread. */
  public void cancel() {
    cancelledBy = new FlightCancelledError("the stream was cancelled");
    stream.cancel(GrpcStatus.of(GrpcStatusCode.CANCELLED, "cancelled by the client"));
  }

  /**
   * Reads one message and applies it.
   *
   * @param block wait for a message; otherwise answer {@link #PENDING} when none is queued
   * @return the message's kind and metadata, or null at the end of the stream
   * @throws FlightError the call's failure, again on every later read
   * @throws IllegalStateException when closed
   */
  public Step read(boolean block) {
    if (closed) {
      throw new IllegalStateException("reader is closed");
    }
    noticeCancel();
    if (failure != null) {
      throw failure;
    }
    if (ended) {
      return null;
    }
    ByteBuf raw;
    try {
      raw = block ? stream.readMessage() : stream.pollMessage();
    } catch (GrpcStatusException e) {
      MessageStream again;
      try {
        again = block ? retry.reopen(stream) : null;
      } catch (FlightError f) {
        ended = true;
        failure = f;
        throw f;
      }
      retry.taken();
      if (again != null) {
        stream = again;
        return read(true);
      }
      ended = true;
      failure = Errors.toFlight(e);
      throw failure;
    }
    if (raw == null && !block && !stream.isInboundComplete()) {
      return PENDING;
    }
    retry.taken();
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
          descriptor = m.descriptor() == null ? null : Protos.parseDescriptor(m.descriptor());
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
      onBadInput.accept(stream, e.status());
      failure = Errors.toFlight(e);
      throw failure;
    }
  }

  private void noticeCancel() {
    FlightCancelledError c = cancelledBy;
    if (c != null && failure == null) {
      ended = true;
      failure = c;
    }
  }

  /** Cancels the call if the stream has not ended, and releases everything received. Idempotent. */
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    noticeCancel();
    if (!ended) {
      onEarlyClose.accept(stream);
    }
    stream.discardInbound();
    ipc.close();
  }
}
