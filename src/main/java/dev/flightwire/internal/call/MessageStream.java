package dev.flightwire.internal.call;

import dev.flightwire.internal.grpc.GrpcStatus;
import dev.flightwire.internal.grpc.GrpcStatusException;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.Future;

/**
 * The seam between the Flight call layer and a transport: one call's two streams of gRPC
 * messages (serialized protobuf, FlightData above all) with the call's flow control, failure and
 * cancellation. The Flight read and write paths ({@code internal.flight}) use nothing else of the
 * transport. {@link CallStream} implements it over an HTTP/2 stream (its client and server forms
 * add what opening and ending a call needs on that transport); another transport (an in-process
 * one) implements the same contract.
 *
 * <p>Messages are passed with ownership: {@link #readMessage()} returns an owned message (the
 * caller releases it); the write methods take ownership of theirs and release it on every path.
 * Inbound flow control follows consumption: a message's bytes count against the peer's window
 * until it is taken off the queue.
 */
public interface MessageStream {
  /**
   * Whether a written message reaches the peer by reference (in-process): memory it references
   * must then stay unchanged after the write completes, so a writer that reuses memory sends a
   * copy instead.
   */
  default boolean passesByReference() {
    return false;
  }

  /** Largest inbound message accepted (bytes); bounds decompressed sizes too. */
  int maxInboundMessageSize();

  /**
   * Blocks until a message, the end of the inbound side or a failure.
   *
   * @return an owned message, or null at a clean end
   * @throws GrpcStatusException when the call failed or ended with a non-OK status
   */
  ByteBuf readMessage();

  /**
   * The next message if one is queued, without waiting; null when none is (then
   * {@link #isInboundComplete()} tells whether that is the clean end). Any thread.
   *
   * @return an owned message, or null
   * @throws GrpcStatusException when the call failed, or ended non-OK with nothing left to read
   */
  ByteBuf pollMessage();

  /** The inbound side ended cleanly and every message has been taken. Any thread. */
  boolean isInboundComplete();

  /** Nothing more will be received (messages may still be queued). Any thread. */
  boolean isInboundEnded();

  /** Releases whatever is still queued; later messages are dropped. Any thread. */
  void discardInbound();

  /**
   * Adds a quick, non-blocking listener run on every change a non-blocking user may act on: a
   * message queued, the inbound side ended, the call failed, the outbound buffer drained below
   * its limit. It may run on the transport's thread: it must only schedule work. Any thread.
   */
  void addEventListener(Runnable listener);

  /** Removes a listener added by {@link #addEventListener}. Any thread. */
  void removeEventListener(Runnable listener);

  /** A write now would not wait: the call has not failed and the outbound buffer is below its limit. */
  boolean isReady();

  /**
   * Sends one message, taking ownership of it. Blocks while the outbound buffer is full.
   *
   * @param awaitWritten also wait until the transport is done with every byte (memory the
   *     message references may be reused afterwards)
   * @throws GrpcStatusException if the call has failed
   */
  void writeMessage(ByteBuf message, boolean endStream, boolean awaitWritten);

  /**
   * Sends one message without waiting, even when the outbound buffer is full; takes ownership.
   * Any thread.
   *
   * @return completed once the transport is done with every byte (failed if the call fails first)
   * @throws GrpcStatusException if the call has failed
   */
  Future<Void> writeMessageNow(ByteBuf message, boolean endStream);

  /** Cancels the call: the peer sees it cancelled, and the call fails locally with {@code status}. Any thread. */
  void cancel(GrpcStatus status);

  /** Fails the call locally without telling the peer (its owner sends the status). Any thread. */
  void failLocally(GrpcStatus status);

  /** The local failure, or null. Any thread. */
  GrpcStatus failure();

  /**
   * Whether the peer refused the call before processing it (HTTP/2: REFUSED_STREAM, or a GOAWAY
   * below its stream), so it may be opened again.
   */
  default boolean wasRefused() {
    return false;
  }
}
