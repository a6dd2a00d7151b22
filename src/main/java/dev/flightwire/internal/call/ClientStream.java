package dev.flightwire.internal.call;

import dev.flightwire.CallHeaders;
import dev.flightwire.internal.grpc.GrpcMetadata;
import dev.flightwire.internal.grpc.GrpcStatus;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcTimeout;
import dev.flightwire.internal.grpc.HttpStatusMapping;
import dev.flightwire.internal.grpc.StatusMessageCodec;
import dev.flightwire.internal.http2.ClientConnection;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import dev.flightwire.internal.grpc.GrpcStatusException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;

/**
 * The client side of one call. Validates the response as gRPC clients must: {@code :status} 200
 * and a gRPC content type, else a status derived from the HTTP status; a missing
 * {@code grpc-status} is INTERNAL; DATA with END_STREAM and no trailers is INTERNAL.
 *
 * <p>Deadline: a timer on the event loop resets the stream (RST_STREAM CANCEL) and fails the call
 * with DEADLINE_EXCEEDED, generated locally.
 */
public final class ClientStream extends CallStream {
  private final ClientConnection connection;
  /** Size of the request headers, for an error about them. Event-loop only. */
  private long headerListSize;
  private volatile CallHeaders responseHeaders;
  private volatile CallHeaders responseTrailers;
  private volatile GrpcStatus status;
  private volatile boolean headersArrived;
  private volatile Observer observer;
  private final AtomicBoolean headersReported = new AtomicBoolean();
  private final AtomicBoolean completionReported = new AtomicBoolean();

  private volatile long deadlineNanoTime = Long.MAX_VALUE;
  private volatile long timeoutNanos = -1;

  /** Set before the failure it explains: the server never processed this call (see {@link #wasRefused()}). */
  private volatile boolean refused;

  /** Runs once when the call is over on the connection (see {@link #onEnd}). */
  private volatile Runnable onEnd;
  private final AtomicBoolean endReported = new AtomicBoolean();
  private volatile boolean inboundDiscarded;

  // event loop only
  private boolean localEnded;
  private ScheduledFuture<?> deadlineTimer;

  public ClientStream(ClientConnection connection) {
    super(connection);
    this.connection = connection;
  }

  /**
   * Builds request headers for a call to {@code path}.
   *
   * @param timeoutNanos -1 for no deadline
   */
  public static Http2Headers requestHeaders(String authority, String scheme, String path, CallHeaders metadata,
      long timeoutNanos, String userAgent) {
    Http2Headers h = new DefaultHttp2Headers()
        .method("POST")
        .scheme(scheme)
        .path(path)
        .authority(authority);
    if (timeoutNanos >= 0) {
      h.set("grpc-timeout", GrpcTimeout.format(timeoutNanos));
    }
    h.set("content-type", "application/grpc");
    h.set("te", "trailers");
    h.set("user-agent", userAgent);
    GrpcMetadata.toHttp2(metadata, h);
    return h;
  }

  /**
   * Opens the stream. With {@code request} non-null (unary and server-streaming calls) the single
   * request message is sent with END_STREAM; {@code request} is owned by this method.
   */
  public void start(Http2Headers headers, ByteBuf request, long timeoutNanos) {
    if (timeoutNanos >= 0) {
      this.timeoutNanos = timeoutNanos;
      this.deadlineNanoTime = System.nanoTime() + timeoutNanos;
    }
    transport.writeQueue().enqueue(dev.flightwire.internal.http2.WriteQueue.command(() -> {
      ChannelPromise p = transport.newPromise();
      headerListSize = headerListSize(headers);
      int id = connection.startStream(this, headers, false, p);
      if (id < 0) {
        if (request != null) {
          request.release();
        }
        refused = true; // never sent
        fail(GrpcStatus.of(GrpcStatusCode.UNAVAILABLE, "connection is closed or closing"));
        reportEnd();
        return;
      }
      attach(id);
      if (timeoutNanos >= 0) {
        long left = Math.max(0, deadlineNanoTime - System.nanoTime());
        deadlineTimer = transport.eventLoop().schedule(() -> deadlineExpired(timeoutNanos), left,
            TimeUnit.NANOSECONDS);
      }
      if (request != null) {
        localEnded = true;
        transport.writeData(id, request, true, transport.newPromise());
      }
    }, () -> {
      // the connection went away before the stream could open: never sent, so retryable
      if (request != null) {
        request.release();
      }
      refused = true;
      fail(GrpcStatus.of(GrpcStatusCode.UNAVAILABLE, "connection is closed or closing"));
      reportEnd();
    }));
  }

  /** RFC 9113 section 6.5.2: names and values plus 32 bytes per field. */
  public static long headerListSize(Http2Headers headers) {
    long n = 0;
    for (java.util.Map.Entry<CharSequence, CharSequence> e : headers) {
      n += e.getKey().length() + e.getValue().length() + 32;
    }
    return n;
  }

  private void deadlineExpired(long timeoutNanos) {
    deadlineTimer = null;
    if (status == null) {
      cancel(GrpcStatus.of(GrpcStatusCode.DEADLINE_EXCEEDED,
          "deadline exceeded after " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"));
    }
  }

  /** The allocator of the connection, for request messages. */
  public io.netty.buffer.ByteBufAllocator transportAlloc() {
    return transport.alloc();
  }

  /** Whether messages leave the process as bytes ({@link StreamTransport#sendsBytes()}). */
  public boolean transportSendsBytes() {
    return transport.sendsBytes();
  }

  /** Half-closes the request side (END_STREAM). Any thread. */
  public void halfClose() {
    transport.writeQueue().enqueue(() -> {
      if (!localEnded && streamId > 0 && status == null && failure() == null) {
        localEnded = true;
        transport.writeData(streamId, io.netty.buffer.Unpooled.EMPTY_BUFFER, true, transport.newPromise());
      }
    });
  }

  @Override
  public void writeMessage(ByteBuf message, boolean endStream, boolean awaitWritten) {
    GrpcStatus s = status;
    if (s != null && !s.isOk()) {
      message.release();
      throw s.asException();
    }
    super.writeMessage(message, endStream, awaitWritten);
  }

  @Override
  public ChannelPromise writeMessageNow(ByteBuf message, boolean endStream) {
    GrpcStatus s = status;
    if (s != null && !s.isOk()) {
      message.release();
      throw s.asException();
    }
    return super.writeMessageNow(message, endStream);
  }

  @Override
  protected boolean isClosedForWrite() {
    return localEnded || status != null;
  }

  @Override
  public void onHeaders(Http2Headers headers, boolean endStream) {
    assert onLoop() : "onHeaders off the event loop";
    if (!headersArrived) {
      CharSequence httpStatus = headers.status();
      if (httpStatus != null && httpStatus.length() == 3 && httpStatus.charAt(0) == '1') {
        return; // informational
      }
      headersArrived = true;
      GrpcStatus invalid = checkResponseHeaders(headers);
      if (invalid != null) {
        cancel(invalid);
        return;
      }
      if (!endStream) {
        responseHeaders = GrpcMetadata.fromHttp2(headers);
        signalChange();
        return;
      }
      responseHeaders = GrpcMetadata.fromHttp2(headers);
    } else if (!endStream) {
      cancel(GrpcStatus.of(GrpcStatusCode.INTERNAL, "server sent a second HEADERS block without END_STREAM"));
      return;
    }
    complete(headers);
  }

  private static GrpcStatus checkResponseHeaders(Http2Headers headers) {
    CharSequence httpStatus = headers.status();
    CharSequence grpcStatus = headers.get("grpc-status");
    CharSequence ct = headers.get("content-type");
    boolean grpcType = ct != null && ct.toString().startsWith("application/grpc");
    if (httpStatus == null) {
      return GrpcStatus.of(GrpcStatusCode.INTERNAL, "response has no :status");
    }
    int code;
    try {
      code = Integer.parseInt(httpStatus.toString());
    } catch (NumberFormatException e) {
      return GrpcStatus.of(GrpcStatusCode.INTERNAL, "malformed :status " + httpStatus);
    }
    if (code != 200 && grpcStatus == null) {
      return GrpcStatus.of(HttpStatusMapping.fromHttpStatus(code), "HTTP status " + code + " from the server"
          + (ct == null ? "" : " (content-type " + ct + ")"));
    }
    if (!grpcType && grpcStatus == null) {
      return GrpcStatus.of(GrpcStatusCode.UNKNOWN, "not a gRPC response: content-type " + ct);
    }
    return null;
  }

  private void complete(Http2Headers trailers) {
    CharSequence code = trailers.get("grpc-status");
    GrpcStatus s;
    CallHeaders meta = GrpcMetadata.fromHttp2(trailers);
    if (code == null) {
      s = GrpcStatus.of(GrpcStatusCode.INTERNAL, "server closed the call without a grpc-status");
    } else {
      s = GrpcStatus.of(GrpcStatusCode.parse(code), StatusMessageCodec.decode(trailers.get("grpc-message")), meta,
          null);
    }
    finishWith(s, meta);
  }

  private void finishWith(GrpcStatus s, CallHeaders trailers) {
    if (deadlineTimer != null) {
      deadlineTimer.cancel(false);
      deadlineTimer = null;
    }
    responseTrailers = trailers;
    status = s;
    endInbound(s);
  }

  @Override
  protected void onRemoteEndOnLoop() {
    if (status == null) {
      finishWith(GrpcStatus.of(GrpcStatusCode.INTERNAL, "server ended the stream without trailers"),
          CallHeaders.EMPTY);
    }
  }

  @Override
  public void onRefused() {
    if (status == null) {
      refused = true;
    }
  }

  /**
   * Whether the call failed without the server having processed it: it was refused by a GOAWAY
   * (stream id above the last one the server took), reset with REFUSED_STREAM, or never sent.
   * Such a call may be retried on a new connection (gRPC's transparent retry). Any thread.
   */
  public boolean wasRefused() {
    return refused && status == null && !headersArrived;
  }

  @Override
  public void onReset(long errorCode) {
    assert onLoop() : "onReset off the event loop";
    if (status == null && errorCode == io.netty.handler.codec.http2.Http2Error.REFUSED_STREAM.code()
        && !headersArrived) {
      refused = true;
    }
    if (status == null) {
      GrpcStatus s = HttpStatusMapping.fromRstStream(errorCode);
      if (s.code() == GrpcStatusCode.CANCELLED && deadlineReached()) {
        // the server enforces our grpc-timeout too and its reset can beat our own timer: gRPC
        // clients report that race as DEADLINE_EXCEEDED
        s = GrpcStatus.of(GrpcStatusCode.DEADLINE_EXCEEDED,
            "deadline exceeded after " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms (the server cancelled)");
      }
      fail(s);
    }
  }

  /** Whether the deadline has (nearly) passed: within 5% of the timeout, at least 10 ms. */
  private boolean deadlineReached() {
    if (timeoutNanos < 0) {
      return false;
    }
    long slack = Math.max(TimeUnit.MILLISECONDS.toNanos(10), timeoutNanos / 20);
    return System.nanoTime() >= deadlineNanoTime - slack;
  }

  @Override
  protected void onProtocolErrorOnLoop(GrpcStatus s) {
    cancel(s);
  }

  /**
   * The request headers could not be written. Over the server's header list limit (Netty's encoder
   * checks the limit the server announced) the call fails as a gRPC server would answer it,
   * RESOURCE_EXHAUSTED, saying by how much, rather than as a lost connection.
   */
  @Override
  public void onStartFailed(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof io.netty.handler.codec.http2.Http2Exception.HeaderListSizeException) {
        fail(GrpcStatus.of(GrpcStatusCode.RESOURCE_EXHAUSTED, "request headers of " + headerListSize
            + " bytes (as HTTP/2 counts them) exceed the server's limit of " + connection.peerMaxHeaderListSize()
            + " bytes (its SETTINGS_MAX_HEADER_LIST_SIZE): send fewer or smaller call headers"));
        break;
      }
    }
    onClosed();
  }

  @Override
  protected void onClosedOnLoop() {
    if (deadlineTimer != null) {
      deadlineTimer.cancel(false);
    }
    if (status == null) {
      fail(GrpcStatus.of(GrpcStatusCode.UNAVAILABLE, "connection closed before the call completed"));
    }
    reportEnd();
  }

  /**
   * Sets what runs once when the call is over on the connection (its stream closed, or it never
   * started); on the event loop, so it must be quick and must not block. Before {@link #start}.
   */
  public void onEnd(Runnable r) {
    this.onEnd = r;
  }

  private void reportEnd() {
    Runnable r = onEnd;
    if (r != null && endReported.compareAndSet(false, true)) {
      r.run();
    }
  }

  @Override
  public void discardInbound() {
    inboundDiscarded = true;
    super.discardInbound();
  }

  /** Whether the application is done reading: {@link #discardInbound()} was called. Any thread. */
  public boolean isInboundDiscarded() {
    return inboundDiscarded;
  }

  // ---------------------------------------------------------------- observer (client middleware)

  /** Told about a call's response, always on application threads, each method at most once. */
  public interface Observer {
    /** Response headers, or the Trailers-Only block of a call that failed before responding. */
    void headers(CallHeaders headers);

    /** The call's final status (OK, the server's, or a local failure such as cancellation). */
    void completed(GrpcStatus status);
  }

  /** Sets the observer; before {@link #start}. */
  public void observe(Observer o) {
    this.observer = o;
  }

  @Override
  public ByteBuf readMessage() {
    ByteBuf m;
    try {
      m = super.readMessage();
    } catch (GrpcStatusException e) {
      reportCompletion(e.status());
      throw e;
    }
    if (m == null) {
      reportCompletion(GrpcStatus.OK);
    } else {
      reportHeaders();
    }
    return m;
  }

  @Override
  public ByteBuf pollMessage() {
    ByteBuf m;
    try {
      m = super.pollMessage();
    } catch (GrpcStatusException e) {
      reportCompletion(e.status());
      throw e;
    }
    if (m != null) {
      reportHeaders();
    } else if (isInboundComplete()) {
      reportCompletion(GrpcStatus.OK);
    }
    return m;
  }

  /**
   * Cancels the call (RST_STREAM CANCEL, and {@code s} locally) unless its final status has
   * already arrived: a completed call has nothing left to cancel, and its status stays what the
   * server sent. Idempotent. Any thread.
   */
  public void cancelUnlessCompleted(GrpcStatus s) {
    if (status == null) {
      cancel(s);
    }
  }

  /**
   * Cancels the call. Middleware is told the call completed with the cancellation unless the
   * application had already read everything up to the server's status, as gRPC reports a call
   * cancelled before its messages were delivered: the status may have arrived already (in-process
   * it often has), but the application never saw the end of the call.
   */
  @Override
  public void cancel(GrpcStatus s) {
    boolean sawEnd = status != null && isInboundComplete();
    super.cancel(s);
    if (observer != null && !transport.eventLoop().inEventLoop()) {
      GrpcStatus f = failure();
      reportCompletion(sawEnd ? status : f != null ? f : s);
    }
  }

  private void reportHeaders() {
    Observer o = observer;
    if (o != null && headersArrived && headersReported.compareAndSet(false, true)) {
      CallHeaders h = responseHeaders;
      o.headers(h == null ? CallHeaders.EMPTY : h);
    }
  }

  private void reportCompletion(GrpcStatus s) {
    Observer o = observer;
    if (o != null && !transport.eventLoop().inEventLoop() && completionReported.compareAndSet(false, true)) {
      reportHeaders();
      o.completed(s);
    }
  }

  /** Blocks until response headers arrive or the call ends; returns them (empty if none came). */
  public CallHeaders awaitHeaders() {
    awaitCondition(() -> headersArrived);
    CallHeaders h = responseHeaders;
    return h == null ? CallHeaders.EMPTY : h;
  }

  /** The final status, or null while the call runs. */
  public GrpcStatus status() {
    return status;
  }

  public CallHeaders responseTrailers() {
    CallHeaders t = responseTrailers;
    return t == null ? CallHeaders.EMPTY : t;
  }

  /** Waits for the final status (trailers or failure) and returns it. */
  public GrpcStatus awaitStatus() {
    awaitCondition(() -> status != null);
    GrpcStatus s = status;
    if (s == null) {
      GrpcStatus f = failure();
      s = f != null ? f : GrpcStatus.of(GrpcStatusCode.INTERNAL, "call ended without a status");
    }
    reportCompletion(s);
    return s;
  }
}
