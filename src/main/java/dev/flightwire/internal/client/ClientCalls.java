package dev.flightwire.internal.client;

import com.google.protobuf.MessageLite;
import dev.flightwire.ActionType;
import dev.flightwire.CallHeaders;
import dev.flightwire.FlightCallOptions;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightError;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInternalError;
import dev.flightwire.FlightStatusCode;
import dev.flightwire.FlightTimedOutError;
import dev.flightwire.Location;
import dev.flightwire.PollInfo;
import dev.flightwire.Result;
import dev.flightwire.SchemaResult;
import dev.flightwire.internal.Access;
import dev.flightwire.internal.call.ClientStream;
import dev.flightwire.internal.convert.Protos;
import dev.flightwire.internal.grpc.GrpcFraming;
import dev.flightwire.internal.grpc.GrpcStatus;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.http2.ClientConnection;
import dev.flightwire.internal.ipc.FlightDataEncoder;
import dev.flightwire.internal.ipc.IpcStreamWriter;
import dev.flightwire.middleware.FlightMethod;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.message.IpcOption;

/**
 * The call plumbing of one FlightClient: opens each call on the {@link ClientConnector}'s
 * connection with its headers (the client's defaults, the call's, the credentials), deadline and
 * middleware; tracks the open calls so that {@link #close} cancels them; reads unary and
 * streaming responses, blocking or not, with the transparent retry of a call the server refused
 * unprocessed; accounts the memory of data calls to the client's allocator. Thread-safe.
 */
public final class ClientCalls {
  private static final String USER_AGENT = "flightwire-java/0.1 (netty)";

  private final Location location;
  private final FlightClientOptions options;
  private final Connections connector;
  private final BufferAllocator allocator;
  private final boolean ownsAllocator;
  private final String authority;
  private final String scheme;
  /** Runs the asynchronous API's application code (see {@link FlightClientOptions#callbackExecutor()}). */
  private final java.util.concurrent.Executor callbacks;
  /** The calls open on this client, cancelled by {@link #close}; each removes itself when it ends. */
  private final java.util.Set<ClientStream> openCalls = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /**
   * With the client's own allocator: the child allocator of each data call, named after the call,
   * kept while it may hold memory, so that {@link #close} can say which call results that are
   * still open came from.
   */
  private final java.util.concurrent.ConcurrentLinkedQueue<CallMemory> callMemory =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  /** The handshake token sent as {@code auth-token-bin}; null before a handshake. */
  private volatile byte[] token;
  /** The bearer credential sent as {@code authorization}; null before a Basic handshake. */
  private volatile String bearer;

  /**
   * Uses the allocator of the options, or a new root allocator the client owns (closed by
   * {@link #close}).
   */
  public ClientCalls(Location location, FlightClientOptions options, Connections connector) {
    this.location = location;
    this.options = options;
    this.connector = connector;
    this.authority = location.isUnix() ? "localhost" : location.isInProcess() ? location.host()
        : location.host() + ":" + location.port();
    this.scheme = location.isTls() ? "https" : "http";
    this.callbacks = options.callbackExecutor() != null ? options.callbackExecutor()
        : dev.flightwire.internal.util.CallbackThreads.shared();
    this.ownsAllocator = options.allocator() == null;
    this.allocator = ownsAllocator ? new RootAllocator() : options.allocator();
  }

  /** The allocator received batches are accounted to (borrowed). */
  public BufferAllocator allocator() {
    return allocator;
  }

  /** The executor of the asynchronous API's application code. */
  public java.util.concurrent.Executor callbacks() {
    return callbacks;
  }

  /** Sets the handshake token later calls carry. */
  public void token(byte[] token) {
    this.token = token;
  }

  /** Sets the bearer credential later calls carry. */
  public void bearer(String bearer) {
    this.bearer = bearer;
  }

  public ClientStream open(FlightMethod method, FlightCallOptions callOptions, Request request) {
    return open(method, callOptions, request, deadlineOf(callOptions));
  }

  /** When a call with these options must end ({@code System.nanoTime()} scale); Long.MAX_VALUE for never. */
  public long deadlineOf(FlightCallOptions callOptions) {
    java.time.Duration timeout = callOptions.timeout() != null ? callOptions.timeout() : options.callOptions().timeout();
    return timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
  }

  /**
   * The results of a call whose whole request goes out with its headers. A call the server
   * refused unprocessed (GOAWAY below its stream id, REFUSED_STREAM) is sent again once, on a new
   * connection, within the same deadline: gRPC's transparent retry.
   */
  public <T> CallResults<T> results(FlightMethod method, FlightCallOptions callOptions, Request request,
      CallResults.Parser<T> parser) {
    long deadline = deadlineOf(callOptions);
    return new CallResults<>(open(method, callOptions, request, deadline), parser,
        () -> open(method, callOptions, request, deadline));
  }

  public ClientStream open(FlightMethod method, FlightCallOptions callOptions, Request request, long deadline) {
    CallHeaders headers = headersFor(callOptions);
    ClientCallObserver observer = ClientCallObserver.start(options.middleware(), method, headers);
    ClientConnection c;
    try {
      c = connector.connection(deadline);
    } catch (FlightError e) {
      if (observer != null) {
        observer.completed(e);
      }
      throw e;
    }
    return startOn(c, method, headers, observer, request, deadline);
  }

  /**
   * The asynchronous form of {@link #open}: connects without waiting, then opens the call. The
   * future completes on the callback executor (so middleware told of a failed connect runs there).
   */
  public java.util.concurrent.CompletableFuture<ClientStream> openAsync(FlightMethod method,
      FlightCallOptions callOptions, Request request, long deadline) {
    CallHeaders headers = headersFor(callOptions);
    ClientCallObserver observer = ClientCallObserver.start(options.middleware(), method, headers);
    java.util.concurrent.CompletableFuture<? extends ClientConnection> conn;
    try {
      conn = connector.connectionAsync(deadline);
    } catch (FlightError e) {
      conn = java.util.concurrent.CompletableFuture.failedFuture(e);
    }
    java.util.function.BiFunction<ClientConnection, Throwable, ClientStream> then = (c, e) -> {
      if (e != null) {
        FlightError f = e instanceof FlightError fe ? fe : ClientConnector.copyOf(e);
        if (observer != null) {
          observer.completed(f);
        }
        throw f;
      }
      return startOn(c, method, headers, observer, request, deadline);
    };
    return conn.isDone() ? conn.handle(then) : conn.handleAsync(then, callbacks);
  }

  /** The headers of a call: the client's defaults, the call's, and the credentials. */
  private CallHeaders headersFor(FlightCallOptions callOptions) {
    FlightCallOptions defaults = options.callOptions();
    CallHeaders headers = CallHeaders.copyOf(defaults.headers()).putAll(callOptions.headers());
    byte[] t = token;
    if (t != null && !headers.containsKey("auth-token-bin")) {
      headers.insert("auth-token-bin", t);
    }
    String b = bearer;
    if (b != null && !headers.containsKey("authorization")) {
      headers.insert("authorization", b);
    }
    return headers;
  }

  /** Opens the call's stream on connection {@code c}; the deadline started with the call. */
  private ClientStream startOn(ClientConnection c, FlightMethod method, CallHeaders headers,
      ClientCallObserver observer, Request request, long deadline) {
    // waiting for a connection (connect, TLS, SETTINGS) counted against the deadline
    long timeoutNanos = -1;
    if (deadline != Long.MAX_VALUE) {
      timeoutNanos = deadline - System.nanoTime();
      if (timeoutNanos <= 0) {
        FlightTimedOutError e = new FlightTimedOutError("deadline exceeded while connecting to " + location);
        if (observer != null) {
          observer.completed(e);
        }
        throw e;
      }
    }
    ClientStream stream = new ClientStream(c);
    openCalls.add(stream);
    stream.onEnd(() -> openCalls.remove(stream));
    if (observer != null) {
      stream.observe(observer);
    }
    Http2Headers h = ClientStream.requestHeaders(authority, scheme, method.path(), headers, timeoutNanos, USER_AGENT);
    stream.start(h, request == null ? null : frame(c.alloc(), request.message()), timeoutNanos);
    return stream;
  }

  /** The results of a call, collected without a waiting thread (see {@link AsyncResults}). */
  public <T> java.util.concurrent.CompletableFuture<java.util.List<T>> resultsAsync(FlightMethod method,
      FlightCallOptions callOptions, Request request, CallResults.Parser<T> parser) {
    long deadline = deadlineOf(callOptions);
    return AsyncResults.collect(() -> openAsync(method, callOptions, request, deadline), parser, callbacks);
  }

  /** A unary call without a waiting thread: exactly one response message. */
  public <T> java.util.concurrent.CompletableFuture<T> unaryAsync(FlightMethod method, Request request,
      FlightCallOptions callOptions, CallResults.Parser<T> parser) {
    java.util.concurrent.CompletableFuture<java.util.List<T>> all = resultsAsync(method, callOptions, request, parser);
    java.util.concurrent.CompletableFuture<T> one = all.thenApply(list -> {
      if (list.size() != 1) {
        throw new FlightInternalError(method.grpcName() + (list.isEmpty() ? ": the server sent no response message"
            : ": the server sent more than one response message"));
      }
      return list.get(0);
    });
    one.whenComplete((v, e) -> {
      if (one.isCancelled()) {
        all.cancel(false);
      }
    });
    return one;
  }

  static ByteBuf frame(ByteBufAllocator alloc, MessageLite message) {
    byte[] body = message.toByteArray();
    ByteBuf b = alloc.buffer(5 + body.length);
    GrpcFraming.writePrefix(b, body.length);
    b.writeBytes(body);
    return b;
  }

  public <T> T unary(FlightMethod method, Request request, FlightCallOptions callOptions,
      CallResults.Parser<T> parser) {
    try (CallResults<T> results = results(method, callOptions, request, parser)) {
      if (!results.hasNext()) {
        throw new FlightInternalError(method.grpcName() + ": the server sent no response message");
      }
      T value = results.next();
      if (results.hasNext()) {
        throw new FlightInternalError(method.grpcName() + ": the server sent more than one response message");
      }
      return value;
    }
  }

  public static final CallResults.Parser<FlightInfo> FLIGHT_INFO =
      m -> Protos.fromProto(dev.flightwire.internal.proto.FlightInfo.parseFrom(m.nioBuffer()));
  public static final CallResults.Parser<PollInfo> POLL_INFO =
      m -> Protos.fromProto(dev.flightwire.internal.proto.PollInfo.parseFrom(m.nioBuffer()));
  public static final CallResults.Parser<SchemaResult> SCHEMA_RESULT = m -> SchemaResult.fromBytes(
      dev.flightwire.internal.proto.SchemaResult.parseFrom(m.nioBuffer()).getSchema().toByteArray());
  public static final CallResults.Parser<ActionType> ACTION_TYPE = m -> {
    dev.flightwire.internal.proto.ActionType t = dev.flightwire.internal.proto.ActionType.parseFrom(m.nioBuffer());
    return new ActionType(t.getType(), t.getDescription());
  };
  public static final CallResults.Parser<Result> RESULT =
      m -> new Result(dev.flightwire.internal.proto.Result.parseFrom(m.nioBuffer()).getBody().toByteArray());

  /** The acknowledgements of DoPut: the app metadata of each PutResult. */
  public static final CallResults.Parser<byte[]> PUT_RESULT = dev.flightwire.internal.convert.PutResults::parseMetadata;

  // ---------------------------------------------------------------- data calls

  /**
   * The IPC writer of a DoPut or DoExchange upload on {@code s}, with the client's write
   * compression.
   */
  public IpcStreamWriter ipcWriter(ClientStream s) {
    return new IpcStreamWriter(new FlightDataEncoder(s.transportAlloc(), IpcOption.DEFAULT))
        .omitAllValidBitmaps(s.transportSendsBytes())
        .compression(IpcStreamWriter.codec(Access.get().codecType(options.writeCompression())));
  }

  /** One data call's share of the client's memory (see {@link #callMemory}); {@code over} once the reader is closed. */
  private record CallMemory(String call, BufferAllocator allocator, java.util.function.BooleanSupplier over) {}

  /**
   * The allocator a data call's reader accounts to: the application's, or a child of the client's
   * own named after the call. Children of calls that are over and hold nothing are closed here.
   *
   * @param over tells when the call's reader has been closed
   */
  public BufferAllocator callAllocator(String call, java.util.function.BooleanSupplier over) {
    if (!ownsAllocator) {
      return allocator;
    }
    for (CallMemory m : callMemory) {
      if (m.over().getAsBoolean() && m.allocator().getAllocatedMemory() == 0 && callMemory.remove(m)) {
        m.allocator().close();
      }
    }
    BufferAllocator child = allocator.newChildAllocator(call, 0, Long.MAX_VALUE);
    callMemory.add(new CallMemory(call, child, over));
    return child;
  }

  // ---------------------------------------------------------------- close

  /** Cancels every open call: each fails "client closed"; readers and writers blocked elsewhere wake up. */
  public void cancelAll() {
    for (ClientStream call : openCalls) {
      call.cancelUnlessCompleted(GrpcStatus.of(GrpcStatusCode.CANCELLED, "client closed"));
    }
    openCalls.clear();
  }

  /**
   * After the connection is closed: closes the client's own allocator (see below); does nothing
   * with the user's.
   *
   * @throws FlightError INVALID_ARGUMENT when results of calls still hold the client's memory
   */
  public void closeAllocator() {
    if (ownsAllocator) {
      closeOwnAllocator();
    }
  }

  /**
   * Closes the client's own allocator, or, when results of its calls still hold memory of it,
   * leaves it open and says which calls they came from. Threads woken by the cancellation get a
   * moment to close their readers first.
   */
  private void closeOwnAllocator() {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
    while (allocator.getAllocatedMemory() > 0 && System.nanoTime() < until) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    java.util.List<String> held = new java.util.ArrayList<>();
    for (CallMemory m : callMemory) {
      long bytes = m.allocator().getAllocatedMemory();
      if (bytes > 0) {
        held.add(m.call() + " (" + bytes + " bytes)");
      } else if (callMemory.remove(m)) {
        m.allocator().close();
      }
    }
    if (!held.isEmpty() || allocator.getAllocatedMemory() > 0) {
      throw new FlightError(FlightStatusCode.INVALID_ARGUMENT, "the client of " + location
          + " was closed while results of its calls still hold its memory: "
          + (held.isEmpty() ? allocator.getAllocatedMemory() + " bytes" : String.join(", ", held))
          + ". Close those tables, chunked tables and readers before the client, or give the client an"
          + " allocator of your own (FlightClientOptions.allocator), which it never closes; the client's"
          + " connection is closed either way");
    }
    allocator.close();
  }

}
