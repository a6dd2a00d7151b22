package dev.flightwire.internal.call;

import dev.flightwire.CallHeaders;
import dev.flightwire.internal.grpc.GrpcMetadata;
import dev.flightwire.internal.grpc.GrpcStatus;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.StatusMessageCodec;
import dev.flightwire.internal.http2.ServerConnection;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.function.Consumer;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The server side of one call. Response headers are written lazily, with the first message; a call
 * that ends before any message answers Trailers-Only (one HEADERS block carrying the status and the
 * headers the handler or middleware added). A call whose handler finishes before the client
 * half-closed is followed by RST_STREAM(NO_ERROR), so the client stops sending.
 *
 * <p>Deadline: the client's {@code grpc-timeout} is enforced here: on expiry the call fails with
 * DEADLINE_EXCEEDED, the client is told so, and the stream is reset.
 */
public final class ServerStream extends CallStream {
  private final ServerConnection connection;
  private final CallHeaders metadata;
  private final String path;
  private final long deadlineNanoTime;
  private final AtomicBoolean headersQueued = new AtomicBoolean();
  private final AtomicBoolean finished = new AtomicBoolean();
  private final CallHeaders responseHeaders = new CallHeaders();
  private final CallHeaders responseTrailers = new CallHeaders();
  private volatile Consumer<CallHeaders> headersHook;
  private final java.util.List<Runnable> onCancel = new java.util.ArrayList<>();
  private boolean cancelRan;

  // event loop only
  private boolean headersWritten;
  private boolean localEnded;
  private boolean remoteEnded;
  private ScheduledFuture<?> deadlineTimer;

  /** Event-loop only. {@code timeoutNanos} is -1 when the client set no deadline. */
  public ServerStream(ServerConnection connection, int streamId, Http2Headers headers, long timeoutNanos) {
    super(connection);
    this.connection = connection;
    this.metadata = GrpcMetadata.fromHttp2(headers);
    this.path = headers.path().toString();
    attach(streamId);
    if (timeoutNanos >= 0) {
      this.deadlineNanoTime = System.nanoTime() + timeoutNanos;
      deadlineTimer = connection.eventLoop().schedule(this::deadlineExpired, timeoutNanos, TimeUnit.NANOSECONDS);
    } else {
      this.deadlineNanoTime = Long.MAX_VALUE;
    }
  }

  public String path() {
    return path;
  }

  /** Request metadata (read-only). */
  public CallHeaders requestMetadata() {
    return metadata;
  }

  /** Deadline as a System.nanoTime() value, or Long.MAX_VALUE. */
  public long deadlineNanoTime() {
    return deadlineNanoTime;
  }

  public java.net.SocketAddress remoteAddress() {
    return transport.remoteAddress();
  }

  /** Headers to send with the response; only effective before the first message. */
  public synchronized void addResponseHeader(String key, String value) {
    responseHeaders.insert(key, value);
  }

  public synchronized void addResponseHeader(String key, byte[] value) {
    responseHeaders.insert(key, value);
  }

  public synchronized void addResponseTrailer(String key, String value) {
    responseTrailers.insert(key, value);
  }

  public synchronized void addResponseTrailer(String key, byte[] value) {
    responseTrailers.insert(key, value);
  }

  /** Runs {@code r} once when the call is cancelled (at once if it already is). Any thread. */
  public void onCancel(Runnable r) {
    synchronized (onCancel) {
      if (!cancelRan) {
        onCancel.add(r);
        r = null;
      }
    }
    if (r != null) {
      r.run();
    } else if (isCancelled()) {
      runOnCancel();
    }
  }

  public boolean isCancelled() {
    GrpcStatus f = failure();
    return f != null;
  }

  public boolean isFinished() {
    return finished.get();
  }

  private void runOnCancel() {
    java.util.List<Runnable> run;
    synchronized (onCancel) {
      cancelRan = true;
      run = new java.util.ArrayList<>(onCancel);
      onCancel.clear();
    }
    for (Runnable r : run) {
      r.run();
    }
  }

  @Override
  protected void beforeWrite() {
    sendHeaders();
  }

  /**
   * Runs {@code hook} with a header set to fill just before the response headers are queued (or
   * folded into a Trailers-Only response), on the thread that sends them; skipped when that is the
   * event loop (a call the server itself ends, such as an expired deadline).
   */
  public void onSendingHeaders(Consumer<CallHeaders> hook) {
    this.headersHook = hook;
  }

  private CallHeaders hookHeaders() {
    Consumer<CallHeaders> hook = headersHook;
    if (hook == null || transport.eventLoop().inEventLoop()) {
      return null;
    }
    CallHeaders extra = new CallHeaders();
    hook.accept(extra);
    return extra;
  }

  /** Queues the response headers if not yet sent. */
  public void sendHeaders() {
    if (headersQueued.compareAndSet(false, true)) {
      Http2Headers h = new DefaultHttp2Headers().status("200").set("content-type", "application/grpc");
      CallHeaders extra = hookHeaders();
      synchronized (this) {
        GrpcMetadata.toHttp2(responseHeaders, h);
      }
      if (extra != null) {
        GrpcMetadata.toHttp2(extra, h);
      }
      transport.writeQueue().enqueue(() -> {
        if (!localEnded && !headersWritten) {
          headersWritten = true;
          transport.writeHeaders(streamId, h, false, transport.newPromise());
        }
      });
    }
  }

  /**
   * Ends the call with {@code status}: trailers (or Trailers-Only) carrying it. Only the first
   * call has an effect. Any thread.
   */
  public void finish(GrpcStatus status) {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    boolean trailersOnly = !headersQueued.getAndSet(true);
    Http2Headers h = new DefaultHttp2Headers();
    CallHeaders extra = trailersOnly ? hookHeaders() : null;
    synchronized (this) {
      if (trailersOnly) {
        h.status("200").set("content-type", "application/grpc");
        GrpcMetadata.toHttp2(responseHeaders, h);
        if (extra != null) {
          GrpcMetadata.toHttp2(extra, h);
        }
      }
      h.set("grpc-status", Integer.toString(status.code().value()));
      if (!status.message().isEmpty()) {
        h.set("grpc-message", StatusMessageCodec.encode(truncate(status.message())));
      }
      GrpcMetadata.toHttp2(responseTrailers, h);
      GrpcMetadata.toHttp2(status.trailers(), h);
    }
    transport.writeQueue().enqueue(() -> writeTrailersOnLoop(h));
  }

  private static String truncate(String message) {
    // keep trailers well under the 8 KiB header-list limit of grpc-java peers
    return message.length() > 4096 ? message.substring(0, 4096) + "... (truncated)" : message;
  }

  private void writeTrailersOnLoop(Http2Headers trailers) {
    assert onLoop() : "writeTrailersOnLoop off the event loop";
    if (localEnded) {
      return;
    }
    localEnded = true;
    if (deadlineTimer != null) {
      deadlineTimer.cancel(false);
    }
    ChannelPromise p = transport.newPromise();
    transport.writeHeaders(streamId, trailers, true, p);
    p.addListener(f -> {
      if (!remoteEnded) {
        transport.writeRst(streamId, Http2Error.NO_ERROR);
      }
    });
  }

  private void deadlineExpired() {
    deadlineTimer = null;
    if (finished.get()) {
      return;
    }
    endByServer(GrpcStatus.of(GrpcStatusCode.DEADLINE_EXCEEDED, "deadline exceeded on the server"));
  }

  /**
   * The server gives up on the call: fails it locally with {@code status}, tells the client so
   * (trailers, if the stream can still carry them) and resets the stream (RST_STREAM CANCEL), so a
   * client still sending stops. Does nothing once the call has finished. Any thread.
   */
  public void cancelByServer(GrpcStatus status) {
    if (!finished.get()) {
      endByServer(status);
    }
  }

  /** A handler thread was interrupted while waiting: the client is told CANCELLED, and the stream reset. */
  @Override
  protected void cancelOnInterrupt(GrpcStatus status) {
    cancelByServer(status);
  }

  private void endByServer(GrpcStatus status) {
    fail(status);
    finish(status);
    transport.writeQueue().enqueue(() -> transport.writeRst(streamId, Http2Error.CANCEL));
    runOnCancel();
  }

  /**
   * The client's END_STREAM is noted before the bytes are deframed: if they are malformed, the
   * status answering them then ends the stream, and no RST_STREAM follows it.
   */
  @Override
  public void onData(io.netty.buffer.ByteBuf data, int padding, boolean endStream) {
    if (endStream) {
      remoteEnded = true;
    }
    super.onData(data, padding, endStream);
  }

  /** Trailers from the client: they end its side like a DATA frame with END_STREAM would. */
  @Override
  public void onHeaders(Http2Headers headers, boolean endStream) {
    assert onLoop() : "onHeaders off the event loop";
    if (!endStream) {
      return;
    }
    remoteEnded = true;
    if (inMiddleOfMessage()) {
      onProtocolErrorOnLoop(GrpcStatus.of(GrpcStatusCode.INTERNAL, "stream ended in the middle of a gRPC message"));
      return;
    }
    onRemoteEndOnLoop();
  }

  @Override
  public void onReset(long errorCode) {
    assert onLoop() : "onReset off the event loop";
    remoteEnded = true;
    localEnded = true;
    finished.set(true);
    if (fail(GrpcStatus.of(GrpcStatusCode.CANCELLED, "call cancelled by the client"))) {
      runOnCancel();
    }
  }

  @Override
  protected void onRemoteEndOnLoop() {
    remoteEnded = true;
    endInbound(GrpcStatus.OK);
  }

  @Override
  protected void onProtocolErrorOnLoop(GrpcStatus status) {
    fail(status);
    finish(status);
    runOnCancel();
  }

  @Override
  protected void onClosedOnLoop() {
    localEnded = true;
    if (deadlineTimer != null) {
      deadlineTimer.cancel(false);
    }
    if (!finished.getAndSet(true)) {
      if (fail(GrpcStatus.of(GrpcStatusCode.CANCELLED, "the client went away before the call completed"))) {
        runOnCancel();
      }
    }
    discardInbound();
  }

  @Override
  protected boolean isClosedForWrite() {
    return localEnded;
  }

  /** The handler is done: drop whatever the client still sends. */
  public void release() {
    discardInbound();
  }

  public ServerConnection connection() {
    return connection;
  }
}
