package dev.flightwire.internal.client;

import dev.flightwire.ResultStream;
import dev.flightwire.internal.call.ClientStream;
import dev.flightwire.internal.call.RefusedRetry;
import dev.flightwire.internal.convert.Errors;
import dev.flightwire.internal.grpc.GrpcStatus;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;
import io.netty.buffer.ByteBuf;
import java.util.NoSuchElementException;

/** A {@link ResultStream} over the response messages of a client call. */
public final class CallResults<T> implements ResultStream<T> {
  /** Parses one message; the buffer is borrowed. */
  public interface Parser<T> {
    T parse(ByteBuf message) throws com.google.protobuf.InvalidProtocolBufferException;
  }

  private ClientStream stream;
  private final Parser<T> parser;
  /** Opens the call again, once, after the server refused it unprocessed. */
  private final RefusedRetry<ClientStream> retry;
  private T next;
  private boolean ended;

  public CallResults(ClientStream stream, Parser<T> parser) {
    this(stream, parser, null);
  }

  /**
   * Results that, when the server refused the call without processing it
   * ({@link ClientStream#wasRefused()}), read instead from the call {@code retry} opens, once.
   */
  public CallResults(ClientStream stream, Parser<T> parser, java.util.function.Supplier<ClientStream> retry) {
    this.stream = stream;
    this.parser = parser;
    this.retry = new RefusedRetry<>(retry);
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (ended) {
      return false;
    }
    ByteBuf m;
    try {
      m = stream.readMessage();
    } catch (GrpcStatusException e) {
      ClientStream again;
      try {
        again = retry.reopen(stream);
      } catch (RuntimeException x) {
        ended = true;
        throw x;
      }
      if (again != null) {
        stream = again;
        return hasNext();
      }
      ended = true;
      throw Errors.toFlight(e);
    }
    retry.taken();
    if (m == null) {
      ended = true;
      return false;
    }
    try {
      next = parser.parse(m);
      return true;
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      ended = true;
      GrpcStatus s = GrpcStatus.of(GrpcStatusCode.INTERNAL, "malformed response message: " + e.getMessage());
      stream.cancel(s);
      throw Errors.toFlight(s.asException());
    } finally {
      m.release();
    }
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    T t = next;
    next = null;
    return t;
  }

  @Override
  public void close() {
    if (!ended) {
      ended = true;
      stream.cancel(GrpcStatus.of(GrpcStatusCode.CANCELLED, "results closed before the end"));
    }
    stream.discardInbound();
  }
}
