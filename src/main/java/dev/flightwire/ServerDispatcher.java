package dev.flightwire;

import dev.flightwire.internal.convert.Protos;
import dev.flightwire.internal.convert.WellKnownActions;
import com.google.protobuf.MessageLite;
import dev.flightwire.auth.AuthReader;
import dev.flightwire.auth.ServerAuthHandler;
import dev.flightwire.internal.grpc.GrpcFraming;
import dev.flightwire.internal.grpc.GrpcStatus;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;
import dev.flightwire.internal.grpc.GrpcTimeout;
import dev.flightwire.internal.call.CallStream;
import dev.flightwire.internal.call.ServerStream;
import dev.flightwire.internal.http2.ServerHttp2Handler;
import dev.flightwire.internal.http2.StreamAcceptor;
import dev.flightwire.internal.http2.StreamListener;
import dev.flightwire.internal.ipc.FlightDataEncoder;
import dev.flightwire.internal.ipc.IpcStreamWriter;
import dev.flightwire.internal.proto.HandshakeRequest;
import dev.flightwire.internal.proto.HandshakeResponse;
import dev.flightwire.middleware.FlightMethod;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.Http2Headers;
import dev.flightwire.internal.tls.ServerTlsGate;
import dev.flightwire.middleware.CallInfo;
import dev.flightwire.middleware.ServerMiddleware;
import dev.flightwire.middleware.ServerMiddlewareFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns accepted HTTP/2 streams into calls of a {@link FlightServerBase}: checks the method,
 * deadline and encoding on the event loop, then runs the call on the executor, decoding requests,
 * encoding responses, and mapping what the handler throws to a status.
 */
final class ServerDispatcher implements StreamAcceptor {
  private static final Logger LOG = LoggerFactory.getLogger(ServerDispatcher.class);
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
  private volatile IpcCompression writeCompression = IpcCompression.NONE;
  private volatile long maxOutboundMessageSize;
  private final java.util.concurrent.atomic.AtomicInteger active = new java.util.concurrent.atomic.AtomicInteger();
  /** The service overrides {@link FlightServerBase#doGetAsync}: DoGet calls go there. */
  private final boolean asyncDoGet;

  ServerDispatcher(FlightServerBase service, Executor executor, BufferAllocator allocator,
      ServerAuthHandler authHandler, dev.flightwire.auth.CallHeaderAuthenticator headerAuthenticator,
      Consumer<String> callLog, Map<String, ServerMiddlewareFactory<?>> middleware) {
    this.middleware = middleware;
    this.headerAuthenticator = headerAuthenticator;
    this.service = service;
    this.executor = executor;
    this.allocator = allocator;
    this.authHandler = authHandler;
    this.callLog = callLog;
    this.asyncDoGet = FlightServerBase.overridesDoGetAsync(service);
  }

  /** Batches above this many bytes are sent as row slices (0: never). */
  void maxOutboundMessageSize(long bytes) {
    this.maxOutboundMessageSize = bytes;
  }

  /** Compression of the bodies this server writes (DoGet, DoExchange). */
  void writeCompression(IpcCompression compression) {
    this.writeCompression = compression;
  }

  /** Calls accepted and not yet ended (handler running or about to). */
  int activeCalls() {
    return active.get();
  }

  @Override
  public StreamListener accept(ServerHttp2Handler connection, int streamId, Http2Headers headers, boolean endStream) {
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

  /** Runs the call on the executor; a full executor answers RESOURCE_EXHAUSTED. Any thread. */
  private void submit(ServerStream stream, FlightMethod method) {
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
        String subject = ServerTlsGate.peerCommonName(stream.connection().channel());
        identity = subject == null ? "" : subject;
      }
      if (!middleware.isEmpty()) {
        startMiddleware(stream, method, end.started);
      }
      ServerCallContext context = new ServerCallContext(stream, method, identity, executor, end.started);
      java.util.concurrent.CompletionStage<?> pending = dispatch(stream, method, context);
      if (pending == null) {
        end.complete(null);
        return;
      }
      // an asynchronous handler: the call ends when its stage completes, or when the call fails
      // first (cancelled by the client, deadline) even if the stage never completes
      stream.onCancel(() -> end.completeOn(executor, null));
      pending.whenComplete((v, e) -> end.completeOn(executor, e));
    } catch (Throwable e) {
      end.complete(e);
    }
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
      Throwable e = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
          ? error.getCause() : error;
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
        active.decrementAndGet();
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

  /**
   * Runs the handler of {@code method}. Returns null when the call is done (the handler returned),
   * or the stage of an asynchronous handler whose completion ends the call.
   */
  private java.util.concurrent.CompletionStage<?> dispatch(ServerStream stream, FlightMethod method,
      ServerCallContext context) throws Exception {
    switch (method) {
      case HANDSHAKE:
        handshake(stream);
        return null;
      case LIST_FLIGHTS: {
        Criteria criteria = new Criteria(
            readRequest(stream, dev.flightwire.internal.proto.Criteria.parser()).getExpression().toByteArray());
        for (FlightInfo info : service.listFlights(context, criteria)) {
          send(stream, Protos.toProto(info));
          if (stream.isCancelled()) {
            return null;
          }
        }
        return null;
      }
      case GET_FLIGHT_INFO: {
        FlightDescriptor d = Protos.fromProto(readRequest(stream, dev.flightwire.internal.proto.FlightDescriptor.parser()));
        return unary(stream, service.getFlightInfoAsync(context, d), Protos::toProto);
      }
      case POLL_FLIGHT_INFO: {
        FlightDescriptor d = Protos.fromProto(readRequest(stream, dev.flightwire.internal.proto.FlightDescriptor.parser()));
        return unary(stream, service.pollFlightInfoAsync(context, d), Protos::toProto);
      }
      case GET_SCHEMA: {
        FlightDescriptor d = Protos.fromProto(readRequest(stream, dev.flightwire.internal.proto.FlightDescriptor.parser()));
        return unary(stream, service.getSchemaAsync(context, d), r -> dev.flightwire.internal.proto.SchemaResult
            .newBuilder().setSchema(com.google.protobuf.ByteString.copyFrom(
                dev.flightwire.internal.ipc.IpcSchema.serialize(r.schema()))).build());
      }
      case DO_GET:
        if (asyncDoGet) {
          return doGetAsync(stream, context);
        }
        doGet(stream, context);
        return null;
      case DO_PUT:
        doPut(stream, context);
        return null;
      case DO_EXCHANGE:
        doExchange(stream, context);
        return null;
      case LIST_ACTIONS:
        readRequest(stream, dev.flightwire.internal.proto.Empty.parser());
        for (ActionType t : service.listActions(context)) {
          send(stream, dev.flightwire.internal.proto.ActionType.newBuilder().setType(t.type())
              .setDescription(t.description()).build());
        }
        return null;
      case DO_ACTION: {
        dev.flightwire.internal.proto.Action a = readRequest(stream, dev.flightwire.internal.proto.Action.parser());
        Action action = new Action(a.getType(), a.getBody().toByteArray());
        Iterable<Result> results = WellKnownActions.isWellKnown(action.type())
            ? java.util.List.of(new Result(WellKnownActions.serve(service, context, action)))
            : service.doAction(context, action);
        if (results != null) {
          for (Result r : results) {
            send(stream, dev.flightwire.internal.proto.Result.newBuilder()
                .setBody(com.google.protobuf.ByteString.copyFrom(r.body())).build());
            if (stream.isCancelled()) {
              return null;
            }
          }
        }
        return null;
      }
      default:
        throw new FlightUnimplementedError("method " + method + " is not implemented");
    }
  }

  /**
   * The response of a unary handler: sent when its stage completes (on the completing thread;
   * sending only queues the message). A stage already complete is answered here, as a blocking
   * handler's value is; the returned stage then is null.
   */
  private static <T> java.util.concurrent.CompletionStage<?> unary(ServerStream stream,
      java.util.concurrent.CompletionStage<T> stage, java.util.function.Function<T, MessageLite> toProto) {
    if (stage == null) {
      throw new FlightInternalError("the handler returned no CompletionStage");
    }
    java.util.concurrent.CompletableFuture<T> f = stage.toCompletableFuture();
    if (f.isDone() && !f.isCompletedExceptionally()) {
      send(stream, toProto.apply(value(f.join())));
      return null;
    }
    return f.thenAccept(v -> {
      if (!stream.isCancelled()) {
        send(stream, toProto.apply(value(v)));
      }
    });
  }

  private static <T> T value(T v) {
    if (v == null) {
      throw new FlightInternalError("the handler's stage completed with null");
    }
    return v;
  }

  /** DoGet by {@link FlightServerBase#doGetAsync}: the handler writes through a writer that never blocks. */
  private java.util.concurrent.CompletionStage<?> doGetAsync(ServerStream stream, ServerCallContext context) {
    Ticket ticket = Protos.fromProto(readRequest(stream, dev.flightwire.internal.proto.Ticket.parser()));
    FlightStreamWriter writer = newWriter(stream, null);
    writer.nonBlocking();
    java.util.concurrent.CompletionStage<Void> stage = service.doGetAsync(context, ticket, writer);
    if (stage == null) {
      throw new FlightInternalError("doGetAsync returned no CompletionStage");
    }
    return stage.thenRun(() -> {
      if (!writer.started() && !stream.isCancelled()) {
        // every DoGet response starts with its schema; a client would see a stream without one
        throw new FlightInternalError("doGetAsync completed without sending the stream's schema: call"
            + " writer.begin(schema) (or write a batch) before completing");
      }
    }).whenComplete((v, e) -> writer.onReady(null));
  }

  private void doGet(ServerStream stream, ServerCallContext context) throws Exception {
    Ticket ticket = Protos.fromProto(readRequest(stream, dev.flightwire.internal.proto.Ticket.parser()));
    FlightDataStream data = service.doGet(context, ticket);
    if (data == null) {
      throw new FlightInternalError("doGet returned no stream");
    }
    try {
      FlightStreamWriter writer = newWriter(stream, data.schema());
      if (data instanceof RecordBatchStream r && r.chunked() != null) {
        writer.beginChunked(r.chunked());
      } else {
        writer.begin(data.schema(), data.dictionaries());
      }
      boolean immutable = data.immutableData();
      FlightStreamChunk chunk;
      while ((chunk = data.next()) != null) {
        try {
          writer.writeDictionaries(chunk.dictionariesBefore());
          if (chunk.data() != null) {
            writer.write(chunk.data(), chunk.appMetadata(), null, !immutable);
          } else if (chunk.appMetadata() != null) {
            writer.writeMetadata(chunk.appMetadata());
          }
        } finally {
          chunk.close(); // the root, if the chunk owns it
        }
        if (context.isCancelled()) {
          return;
        }
      }
    } finally {
      data.close();
    }
  }

  private void doPut(ServerStream stream, ServerCallContext context) {
    try (FlightStreamReader reader = newReader(stream)) {
      FlightDescriptor descriptor = reader.descriptor();
      if (descriptor == null) {
        throw new FlightInvalidArgumentError("DoPut: the first message must carry the FlightDescriptor");
      }
      service.doPut(context, descriptor, reader, new FlightMetadataWriter(stream));
    }
  }

  private void doExchange(ServerStream stream, ServerCallContext context) {
    try (FlightStreamReader reader = newReader(stream)) {
      FlightDescriptor descriptor = reader.descriptor();
      FlightStreamWriter writer = newWriter(stream, null);
      service.doExchange(context, descriptor == null ? FlightDescriptor.unknown() : descriptor, reader, writer);
    }
  }

  private void handshake(ServerStream stream) {
    AuthReader in = () -> {
      ByteBuf m = stream.readMessage();
      if (m == null) {
        return null;
      }
      try {
        return HandshakeRequest.parseFrom(m.nioBuffer()).getPayload().toByteArray();
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw GrpcStatusException.of(GrpcStatusCode.INTERNAL, "malformed HandshakeRequest: " + e.getMessage());
      } finally {
        m.release();
      }
    };
    if (authHandler == null || headerHandshake(stream.requestMetadata())) {
      while (in.read() != null) {
        // no handshake handler, or authenticated by headers: accept the handshake and answer nothing
      }
      return;
    }
    authHandler.authenticate(payload -> send(stream, HandshakeResponse.newBuilder()
        .setPayload(com.google.protobuf.ByteString.copyFrom(payload)).build()), in);
  }

  private FlightStreamReader newReader(ServerStream stream) {
    return new FlightStreamReader(stream, allocator, st -> { }, CallStream::failLocally);
  }

  private FlightStreamWriter newWriter(ServerStream stream, org.apache.arrow.vector.types.pojo.Schema schema) {
    IpcStreamWriter ipc = new IpcStreamWriter(new FlightDataEncoder(stream.connection().alloc(), IpcOption.DEFAULT))
        .compression(IpcStreamWriter.codec(writeCompression.codecType()));
    return new FlightStreamWriter(stream, ipc, schema, null, () -> { }, stream::cancelByServer, false, 0,
        maxOutboundMessageSize, executor);
  }

  /**
   * The one request message of a unary or server-streaming call, once the client has half-closed.
   * Any other number of messages is a cardinality violation: UNIMPLEMENTED (gRPC statuscodes.md).
   */
  private static <T> T readRequest(ServerStream stream, com.google.protobuf.Parser<T> parser) {
    ByteBuf m = stream.readMessage();
    if (m == null) {
      throw GrpcStatusException.of(GrpcStatusCode.UNIMPLEMENTED, "the request message is missing");
    }
    T request;
    try {
      request = parser.parseFrom(m.nioBuffer());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw GrpcStatusException.of(GrpcStatusCode.INTERNAL, "could not parse the request message: " + e.getMessage());
    } finally {
      m.release();
    }
    ByteBuf extra = stream.readMessage();
    if (extra != null) {
      extra.release();
      throw GrpcStatusException.of(GrpcStatusCode.UNIMPLEMENTED,
          "expected one request message, got more: this method takes exactly one");
    }
    return request;
  }

  private static void send(ServerStream stream, MessageLite message) {
    byte[] body = message.toByteArray();
    ByteBuf m = stream.connection().alloc().buffer(5 + body.length);
    GrpcFraming.writePrefix(m, body.length);
    m.writeBytes(body);
    stream.writeMessage(m, false, false);
  }
}
