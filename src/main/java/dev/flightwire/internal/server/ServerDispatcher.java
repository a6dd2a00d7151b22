package dev.flightwire.internal.server;

import dev.flightwire.CallHeaders;
import dev.flightwire.internal.convert.Errors;
import dev.flightwire.FlightError;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightUnauthenticatedError;
import dev.flightwire.IpcCompression;
import dev.flightwire.ServerCallContext;
import dev.flightwire.auth.ServerAuthHandler;
import dev.flightwire.internal.Access;
import dev.flightwire.internal.call.DirectGuard;
import dev.flightwire.internal.call.ServerStream;
import dev.flightwire.internal.grpc.GrpcStatus;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;
import dev.flightwire.internal.grpc.GrpcTimeout;
import dev.flightwire.internal.http2.ServerConnection;
import dev.flightwire.internal.http2.StreamAcceptor;
import dev.flightwire.internal.http2.StreamListener;
import dev.flightwire.internal.tls.ServerTlsGate;
import dev.flightwire.middleware.CallInfo;
import dev.flightwire.middleware.FlightMethod;
import dev.flightwire.middleware.ServerMiddleware;
import dev.flightwire.middleware.ServerMiddlewareFactory;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns accepted HTTP/2 streams into calls of a {@link FlightServerBase}: checks the method,
 * deadline and encoding on the event loop, then runs the call on the executor, decoding requests,
 * encoding responses, and mapping what the handler throws to a status.
 */
public final class ServerDispatcher implements StreamAcceptor {
  private static final Access ACCESS = Access.get();

  private static final Logger LOG = LoggerFactory.getLogger("dev.flightwire.ServerDispatcher"); // the name users configure
  /** Where the call log goes when the builder sets none: one DEBUG line per call. */
  static final Logger CALLS = LoggerFactory.getLogger("dev.flightwire.calls");
  private static final dev.flightwire.internal.util.WarnLimiter REJECTIONS =
      new dev.flightwire.internal.util.WarnLimiter(10, java.util.concurrent.TimeUnit.SECONDS);

  private final FlightServerBase service;
  private final Executor executor;
  private final BufferAllocator allocator;
  private final ServerAuthHandler authHandler;
  private final dev.flightwire.auth.CallHeaderAuthenticator headerAuthenticator;
  private final Consumer<String> callLog;
  private final Map<String, ServerMiddlewareFactory<?>> middleware;
  private final ServerMethods methods;
  private final java.util.concurrent.atomic.AtomicInteger active = new java.util.concurrent.atomic.AtomicInteger();
  private volatile boolean direct;
  /** A handler on the event loop that runs longer than this is reported (WARN, rate-limited). */
  private static final long SLOW_DIRECT_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(50);
  private static final dev.flightwire.internal.util.WarnLimiter SLOW_DIRECT =
      new dev.flightwire.internal.util.WarnLimiter(10, java.util.concurrent.TimeUnit.SECONDS);

  public ServerDispatcher(FlightServerBase service, Executor executor, BufferAllocator allocator,
      ServerAuthHandler authHandler, dev.flightwire.auth.CallHeaderAuthenticator headerAuthenticator,
      Consumer<String> callLog, Map<String, ServerMiddlewareFactory<?>> middleware) {
    this.middleware = middleware;
    this.headerAuthenticator = headerAuthenticator;
    this.service = service;
    this.executor = executor;
    this.allocator = allocator;
    this.authHandler = authHandler;
    this.callLog = callLog;
    this.methods = new ServerMethods(service, executor, allocator, authHandler, this::headerHandshake);
  }

  /**
   * Runs the calls that can run without blocking (see {@link #runsDirect}) on the event loop that
   * received them, under {@link DirectGuard}, instead of on the executor.
   */
  public void directExecutor(boolean direct) {
    this.direct = direct;
  }

  /** Batches above this many bytes are sent as row slices (0: never). */
  public void maxOutboundMessageSize(long bytes) {
    methods.maxOutboundMessageSize = bytes;
  }

  /** Compression of the bodies this server writes (DoGet, DoExchange). */
  public void writeCompression(IpcCompression compression) {
    methods.writeCompression = compression;
  }

  /** Calls accepted and not yet ended (handler running or about to). */
  public int activeCalls() {
    return active.get();
  }

  @Override
  public StreamListener accept(ServerConnection connection, int streamId, Http2Headers headers, boolean endStream) {
    String path = headers.path().toString();
    FlightMethod method = FlightMethod.fromPath(path);
    if (method == null) {
      connection.respondGrpcError(streamId, GrpcStatusCode.UNIMPLEMENTED, "unknown method " + path);
      return null;
    }
    CharSequence encoding = headers.get("grpc-encoding");
    if (encoding != null && !"identity".contentEquals(encoding)) {
      connection.respondUnsupportedEncoding(streamId, encoding);
      return null;
    }
    long timeout = -1;
    CharSequence t = headers.get("grpc-timeout");
    if (t != null) {
      try {
        timeout = GrpcTimeout.parseNanos(t);
      } catch (IllegalArgumentException e) {
        connection.respondGrpcError(streamId, GrpcStatusCode.INTERNAL, e.getMessage());
        return null;
      }
    }
    ServerStream stream = new ServerStream(connection, streamId, headers, timeout);
    active.incrementAndGet();
    if (!singleRequest(method)) {
      submit(stream, method);
      return stream;
    }
    // a call with one request message runs once the client has sent it and half-closed (or the
    // call failed first): no thread waits for a request, however slowly it comes
    java.util.concurrent.atomic.AtomicBoolean submitted = new java.util.concurrent.atomic.AtomicBoolean();
    Runnable whenRequested = new Runnable() {
      @Override
      public void run() {
        if (stream.isInboundEnded() && submitted.compareAndSet(false, true)) {
          stream.removeEventListener(this);
          submit(stream, method);
        }
      }
    };
    stream.addEventListener(whenRequested);
    whenRequested.run();
    return stream;
  }

  /** Methods whose client sends exactly one message: their handler needs it before it can start. */
  private static boolean singleRequest(FlightMethod method) {
    return method != FlightMethod.DO_PUT && method != FlightMethod.DO_EXCHANGE && method != FlightMethod.HANDSHAKE;
  }

  /**
   * The calls a server with {@code directExecutor()} runs on the event loop: those whose handler
   * gets its one request before it starts and answers without the blocking stream API (unary
   * methods, the result streams of ListFlights, ListActions and DoAction, and DoGet when the
   * service overrides doGetAsync). Handshake, DoPut, DoExchange and the blocking DoGet read or
   * write a stream with waits, so they stay on the executor.
   */
  private boolean runsDirect(FlightMethod method) {
    switch (method) {
      case GET_FLIGHT_INFO:
      case POLL_FLIGHT_INFO:
      case GET_SCHEMA:
      case LIST_FLIGHTS:
      case LIST_ACTIONS:
      case DO_ACTION:
        return true;
      case DO_GET:
        return methods.asyncDoGet();
      default:
        return false;
    }
  }

  /** Runs the call on this connection's event loop, with blocking waits refused. */
  private void runDirect(ServerStream stream, FlightMethod method) {
    io.netty.channel.EventLoop loop = stream.connection().eventLoop();
    if (!loop.inEventLoop()) {
      loop.execute(() -> runDirect(stream, method));
      return;
    }
    long start = System.nanoTime();
    DirectGuard.enter();
    try {
      run(stream, method);
    } finally {
      DirectGuard.exit();
    }
    long took = System.nanoTime() - start;
    if (took > SLOW_DIRECT_NANOS && SLOW_DIRECT.warnNow()) {
      LOG.warn("{} from {} ran {} ms on the event loop (the server is built with directExecutor()): while a handler"
          + " runs there, no other call of its connections moves; give handlers that take long or block an executor"
          + " instead (more such calls within {} s are not reported)", method.grpcName(), stream.remoteAddress(),
          took / 1_000_000, SLOW_DIRECT.seconds());
    }
  }

  /** Runs the call on the executor; a full executor answers RESOURCE_EXHAUSTED. Any thread. */
  private void submit(ServerStream stream, FlightMethod method) {
    if (direct && runsDirect(method)) {
      runDirect(stream, method);
      return;
    }
    try {
      executor.execute(() -> run(stream, method));
    } catch (RejectedExecutionException e) {
      active.decrementAndGet();
      if (REJECTIONS.warnNow()) {
        LOG.warn("{} from {} refused with RESOURCE_EXHAUSTED: the executor accepts no more calls ({} in progress; "
            + "more refusals within {} s are logged at DEBUG)", method.grpcName(), stream.remoteAddress(),
            active.get(), REJECTIONS.seconds());
      } else {
        LOG.debug("{} from {} refused with RESOURCE_EXHAUSTED: the executor accepts no more calls",
            method.grpcName(), stream.remoteAddress());
      }
      stream.finish(GrpcStatus.of(GrpcStatusCode.RESOURCE_EXHAUSTED,
          "the server is busy: no thread is free for a new call"));
    }
  }

  private void run(ServerStream stream, FlightMethod method) {
    CallEnd end = new CallEnd(stream, method);
    try {
      String identity = authenticate(stream, method);
      if (identity == null || identity.isEmpty()) {
        String subject = stream.connection().peerCommonName();
        identity = subject == null ? "" : subject;
      }
      if (!middleware.isEmpty()) {
        startMiddleware(stream, method, end.started);
      }
      ServerCallContext context = ACCESS.newCallContext(stream, method, identity, executor, end.started);
      java.util.concurrent.CompletionStage<?> pending = methods.dispatch(stream, method, context);
      if (pending == null) {
        end.complete(null);
        return;
      }
      // an asynchronous handler: the call ends when its stage completes, or when the call fails
      // first (cancelled by the client, deadline) even if the stage never completes
      stream.onCancel(() -> end.completeOn(executor, null));
      if (direct) {
        // no thread hop: the call ends on the thread that completes the stage
        pending.whenComplete((v, e) -> end.complete(unwrap(e)));
      } else {
        pending.whenComplete((v, e) -> end.completeOn(executor, e));
      }
    } catch (Throwable e) {
      end.complete(e);
    }
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof java.util.concurrent.CompletionException && error.getCause() != null
        ? error.getCause() : error;
  }

  /** Ends a call once: its status, trailers, middleware, call log and the count of calls. */
  private final class CallEnd {
    final ServerStream stream;
    final FlightMethod method;
    final long start = System.nanoTime();
    final Map<String, ServerMiddleware> started = middleware.isEmpty() ? Map.of() : new LinkedHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();

    CallEnd(ServerStream stream, FlightMethod method) {
      this.stream = stream;
      this.method = method;
    }

    /** Ends the call on the executor (middleware and the call log never run on the event loop). */
    void completeOn(Executor executor, Throwable error) {
      if (ended.get()) {
        return;
      }
      Throwable e = unwrap(error);
      try {
        executor.execute(() -> complete(e));
      } catch (RejectedExecutionException rejected) {
        complete(e);
      }
    }

    /** Ends the call: with the call's failure if it failed, else {@code error}'s status, else OK. */
    void complete(Throwable error) {
      if (!ended.compareAndSet(false, true)) {
        return;
      }
      GrpcStatus status = GrpcStatus.OK;
      try {
        GrpcStatus failed = stream.failure();
        if (error != null) {
          status = failed != null ? failed : Errors.toStatus(error);
          logFailure(method, stream, error, failed != null, status);
        } else if (failed != null) {
          status = failed;
        }
      } finally {
        // the call counts as active until its middleware and call log are done, so that a caller
        // that sees activeCalls() reach 0 also sees every call's log line
        try {
          stream.finish(status);
          stream.release();
          if (!started.isEmpty()) {
            completeMiddleware(started, status);
          }
          if (callLog != null) {
            callLog.accept(String.format("%s %s %s %.1f ms", method.grpcName(), stream.remoteAddress(),
                status.isOk() ? "OK" : status.code() + " " + status.message(), (System.nanoTime() - start) / 1e6));
          } else if (CALLS.isDebugEnabled()) {
            CALLS.debug("{} {} {} {} ms", method.grpcName(), stream.remoteAddress(),
                status.isOk() ? "OK" : status.code() + " " + status.message(),
                String.format("%.1f", (System.nanoTime() - start) / 1e6));
          }
        } finally {
          active.decrementAndGet();
        }
      }
    }
  }

  /**
   * What a handler threw, by how expected it is: a FlightError (or a status from the wire layer),
   * IllegalArgumentException and UnsupportedOperationException are answers meant for the client
   * (DEBUG); anything else is a bug the client only sees as UNKNOWN (WARN, with the stack trace).
   */
  private static void logFailure(FlightMethod method, ServerStream stream, Throwable e, boolean callFailed,
      GrpcStatus status) {
    if (callFailed) {
      LOG.debug("{} from {}: the handler ended with {} after the call failed ({})", method.grpcName(),
          stream.remoteAddress(), e.toString(), status.code());
    } else if (e instanceof FlightError || e instanceof GrpcStatusException || e instanceof IllegalArgumentException
        || e instanceof UnsupportedOperationException) {
      LOG.debug("{} from {} failed with {}", method.grpcName(), stream.remoteAddress(), status.code(), e);
    } else {
      LOG.warn("{} from {}: the handler threw an unexpected exception; the client gets {}", method.grpcName(),
          stream.remoteAddress(), status.code(), e);
    }
  }

  /**
   * The caller's identity by the server's authentication: a handshake token ({@code auth-token-bin})
   * goes to the handshake handler, anything else to the header authenticator; with both configured
   * either convention is accepted. Handshake itself is authenticated by its headers only when the
   * client uses the header convention (an {@code authorization} header, or no handshake handler).
   *
   * @throws FlightUnauthenticatedError when credentials are missing or wrong
   */
  private String authenticate(ServerStream stream, FlightMethod method) {
    CallHeaders headers = stream.requestMetadata();
    if (method == FlightMethod.HANDSHAKE) {
      return headerHandshake(headers) ? headerAuthenticate(stream) : "";
    }
    byte[] token = headers.getBytes("auth-token-bin");
    if (authHandler != null && (token != null || headerAuthenticator == null)) {
      String identity = authHandler.isValid(token);
      if (identity == null) {
        throw new FlightUnauthenticatedError("invalid or missing authentication token");
      }
      return identity;
    }
    return headerAuthenticator != null ? headerAuthenticate(stream) : "";
  }

  private boolean headerHandshake(CallHeaders headers) {
    return headerAuthenticator != null && (authHandler == null || headers.containsKey("authorization"));
  }

  private String headerAuthenticate(ServerStream stream) {
    dev.flightwire.auth.CallHeaderAuthenticator.AuthResult r = headerAuthenticator.authenticate(stream.requestMetadata());
    CallHeaders out = r.outgoingHeaders();
    for (String key : out.keys()) {
      if (CallHeaders.isBinaryKey(key)) {
        for (byte[] v : out.getAllBytes(key)) {
          stream.addResponseHeader(key, v);
        }
      } else {
        for (String v : out.getAll(key)) {
          stream.addResponseHeader(key, v);
        }
      }
    }
    return r.peerIdentity();
  }

  private void startMiddleware(ServerStream stream, FlightMethod method, Map<String, ServerMiddleware> started) {
    CallInfo info = new CallInfo(method);
    CallHeaders incoming = stream.requestMetadata();
    for (Map.Entry<String, ServerMiddlewareFactory<?>> e : middleware.entrySet()) {
      ServerMiddleware m = e.getValue().startCall(info, incoming);
      if (m != null) {
        started.put(e.getKey(), m);
      }
    }
    stream.onSendingHeaders(outgoing -> {
      for (ServerMiddleware m : started.values()) {
        m.sendingHeaders(outgoing);
      }
    });
  }

  private static void completeMiddleware(Map<String, ServerMiddleware> started, GrpcStatus status) {
    FlightError error = status.isOk() ? null
        : FlightError.fromStatus(status.code().value(), status.message(), status.trailers(), status.cause());
    for (Map.Entry<String, ServerMiddleware> m : started.entrySet()) {
      try {
        m.getValue().callCompleted(error);
      } catch (RuntimeException e) {
        // the call is over; one middleware's failure must not keep the others from completing
        LOG.warn("server middleware '{}' threw from callCompleted", m.getKey(), e);
      }
    }
  }

}
