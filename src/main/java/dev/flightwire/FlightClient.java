package dev.flightwire;

import dev.flightwire.internal.client.AsyncResults;
import dev.flightwire.internal.client.ClientCalls;
import dev.flightwire.internal.client.ClientConnector;
import dev.flightwire.internal.client.ClientHandshake;
import dev.flightwire.internal.client.Request;
import dev.flightwire.internal.convert.Errors;
import dev.flightwire.internal.convert.Protos;
import dev.flightwire.internal.convert.WellKnownActions;
import dev.flightwire.auth.ClientAuthHandler;
import dev.flightwire.internal.call.MessageStream;
import dev.flightwire.internal.flight.FlightDataReader;
import dev.flightwire.internal.flight.FlightDataWriter;
import dev.flightwire.internal.call.ClientStream;
import dev.flightwire.internal.grpc.GrpcStatus;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.middleware.FlightMethod;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A client of one Flight service, over one HTTP/2 connection shared by all its calls. It speaks
 * plaintext ({@code grpc://}, {@code grpc+tcp://}), TLS ({@code grpc+tls://}) or Unix domain
 * sockets ({@code grpc+unix://}) as its {@link Location} says.
 *
 * <pre>{@code
 * try (FlightClient client = FlightClient.connect(Location.forGrpcTcp("localhost", 8815));
 *      FlightStreamReader reader = client.doGet(Ticket.of("dataset/sales"))) {
 *   while (reader.next()) {
 *     VectorSchemaRoot batch = reader.root();   // valid until the next read
 *   }
 * }
 * }</pre>
 *
 * <h2>Lifecycle</h2>
 * {@link #connect} opens the connection and returns once HTTP/2 is up (TLS handshake and
 * settings included, within {@link FlightClientOptions#connectTimeout()}). {@link #close()}
 * cancels the calls still open (they fail with {@link FlightCancelledError} "client closed") and
 * closes the connection. If the server sends GOAWAY (a graceful shutdown, an idle timeout) or the
 * connection is lost, calls in progress finish or fail, and the next call opens a new connection;
 * a call the server refused without processing it (its stream above the GOAWAY's last stream id)
 * is sent again once on the new connection, as gRPC clients do, except DoGet, DoPut, DoExchange
 * and Handshake. A call's timeout counts from the call method, so it includes waiting for a
 * connection. No lock is held while connecting: other calls and {@code close()} never wait
 * behind a slow connect.
 *
 * <h2>Threads</h2>
 * Connections run on a Netty event-loop group that all clients of the JVM share (as many threads
 * as cores, started with the first client and stopped when the last one closes), or on the
 * application's group ({@link FlightClientOptions.Builder#eventLoopGroup}). A thousand clients
 * cost a handful of threads.
 *
 * <h2>Calls</h2>
 * Each Flight RPC has a method of the same name, with and without {@link FlightCallOptions}
 * (extra headers, a timeout). Unary calls ({@link #getFlightInfo}, {@link #getSchema},
 * {@link #pollFlightInfo}, the well-known actions) block until the answer. Streaming calls start
 * the call and return at once with what reads and writes it: a {@link ResultStream},
 * {@link FlightStreamReader}, {@link DoPutStreams} or {@link DoExchangeStreams}, which the caller
 * owns and must close (closing one before the end cancels the call). After
 * {@link #authenticate} or {@link #authenticateBasicToken}, every call carries the token obtained.
 *
 * <h2>Threading</h2>
 * Thread-safe: calls may run concurrently from many threads, each on its own HTTP/2 stream of the
 * shared connection. Each reader, writer and result stream a call returns is for one thread at a
 * time (the reader and writer of one DoExchange may be used by two threads, one each). Blocking
 * methods wait for the network up to the call's timeout; a timeout, closing the stream, or
 * closing the client ends the wait. Interrupting a thread that waits on a call (or that starts to
 * wait with its interrupt flag set) cancels the call (the server sees it cancelled) and throws
 * {@link FlightCancelledError} whose cause is the {@link InterruptedException}, with the
 * thread's interrupt flag set again; so {@code Future.cancel(true)} stops a task blocked in a
 * read. Opening the connection (the first call, or the first after the connection was lost) is
 * not interrupted. Client middleware runs on these application threads; no user code runs on the
 * client's network thread.
 *
 * <h2>Errors</h2>
 * Every failed call throws a {@link FlightError} subclass matching its gRPC status (see
 * {@link FlightStatusCode#fromGrpc}): from the call method for unary calls, from the reads and
 * writes of the returned objects for streaming calls. Any call method throws
 * {@link FlightUnavailableError} at once when the client is closed or a lost connection cannot be
 * re-established.
 */
public final class FlightClient implements AutoCloseable {
  // The public API and its Javadoc; the work is done in dev.flightwire.internal.client:
  // ClientConnector (connecting, reconnecting, closing the transport), ClientCalls (opening calls,
  // headers, deadlines, results, memory), ClientHandshake (authentication). This file is over 500
  // lines only because of the Javadoc of its public methods: each method body is a delegation.
  private final Location location;
  private final FlightClientOptions options;
  private final dev.flightwire.internal.client.Connections connector;
  private final ClientCalls calls;

  private FlightClient(Location location, FlightClientOptions options) {
    this.location = location;
    this.options = options;
    this.connector = location.isInProcess()
        ? new dev.flightwire.internal.inprocess.InProcessConnector(location, options)
        : new ClientConnector(location, options);
    this.calls = new ClientCalls(location, options, connector);
  }

  /**
   * Connects to {@code location} with default options ({@link FlightClientOptions#DEFAULT}).
   *
   * @param location where the server listens
   * @return a connected client, owned by the caller (close it)
   * @throws FlightUnavailableError when the server cannot be reached, or the TLS or HTTP/2
   *     handshake with it fails
   */
  public static FlightClient connect(Location location) {
    return connect(location, FlightClientOptions.DEFAULT);
  }

  /**
   * Connects to a location URI such as {@code grpc://localhost:8815}, with default options.
   *
   * @param uri the location, parsed with {@link Location#parse}
   * @return a connected client, owned by the caller (close it)
   * @throws IllegalArgumentException when {@code uri} is not a valid location
   * @throws FlightUnavailableError when the server cannot be reached, or the TLS or HTTP/2
   *     handshake with it fails
   */
  public static FlightClient connect(String uri) {
    return connect(Location.parse(uri), FlightClientOptions.DEFAULT);
  }

  /**
   * Connects to {@code location}: opens the connection, runs the TLS handshake for a
   * {@code grpc+tls} location (ALPN {@code h2}), and waits for the server's HTTP/2 settings, each
   * step for at most 20 seconds.
   *
   * @param location where the server listens
   * @param options the client's options
   * @return a connected client, owned by the caller (close it)
   * @throws FlightUnavailableError when the server cannot be reached, or the TLS or HTTP/2
   *     handshake with it fails (the message says why: for example a plaintext server at a
   *     {@code grpc+tls} location, or a certificate that does not verify)
   * @throws IllegalArgumentException when the options are invalid: TLS options for a plaintext
   *     location, unreadable certificates or keys, or transport settings outside what HTTP/2
   *     allows
   */
  public static FlightClient connect(Location location, FlightClientOptions options) {
    if (!location.isTls() && (options.tlsRootCerts() != null || options.certChain() != null)) {
      throw new IllegalArgumentException("TLS options were given for a plaintext location " + location
          + ": use grpc+tls://");
    }
    FlightClient c = new FlightClient(location, options);
    try {
      c.connector.connection(Long.MAX_VALUE);
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /**
   * The allocator that received record batches are accounted to.
   *
   * @return the allocator of {@link FlightClientOptions#allocator()}, or the client's own (closed
   *     with the client; each DoGet and DoExchange accounts to a child of it named after the
   *     call); borrowed, do not close it
   */
  public BufferAllocator allocator() {
    return calls.allocator();
  }

  // ---------------------------------------------------------------- asynchronous calls

  /**
   * GetFlightInfo without blocking: the asynchronous form of
   * {@link #getFlightInfo(FlightDescriptor, FlightCallOptions)}, on the same call layer (same
   * deadline, headers, middleware and retry of a call the server refused unprocessed). Connecting,
   * if the connection is not up, does not block either. Cancelling the future cancels the call.
   *
   * @param descriptor the flight's path or command
   * @param callOptions headers and timeout of this call
   * @return a future completed on the client's callback executor
   *     ({@link FlightClientOptions#callbackExecutor()}) with the flight's info, or exceptionally
   *     with the {@link FlightError} the blocking form would throw
   */
  public java.util.concurrent.CompletableFuture<FlightInfo> getFlightInfoAsync(FlightDescriptor descriptor,
      FlightCallOptions callOptions) {
    return calls.unaryAsync(FlightMethod.GET_FLIGHT_INFO, Request.of(descriptor), callOptions, ClientCalls.FLIGHT_INFO);
  }

  /**
   * GetFlightInfo without blocking, with default call options.
   *
   * @param descriptor the flight's path or command
   * @return a future of the flight's info (see {@link #getFlightInfoAsync(FlightDescriptor, FlightCallOptions)})
   */
  public java.util.concurrent.CompletableFuture<FlightInfo> getFlightInfoAsync(FlightDescriptor descriptor) {
    return getFlightInfoAsync(descriptor, FlightCallOptions.DEFAULT);
  }

  /**
   * PollFlightInfo, one poll, without blocking (see {@link #getFlightInfoAsync}).
   *
   * @param descriptor the query's descriptor
   * @param callOptions headers and timeout of this poll
   * @return a future of the query's state, completed on the callback executor
   */
  public java.util.concurrent.CompletableFuture<PollInfo> pollFlightInfoAsync(FlightDescriptor descriptor,
      FlightCallOptions callOptions) {
    return calls.unaryAsync(FlightMethod.POLL_FLIGHT_INFO, Request.of(descriptor), callOptions, ClientCalls.POLL_INFO);
  }

  /**
   * GetSchema without blocking (see {@link #getFlightInfoAsync}).
   *
   * @param descriptor the flight's path or command
   * @param callOptions headers and timeout of this call
   * @return a future of the schema, completed on the callback executor
   */
  public java.util.concurrent.CompletableFuture<SchemaResult> getSchemaAsync(FlightDescriptor descriptor,
      FlightCallOptions callOptions) {
    return calls.unaryAsync(FlightMethod.GET_SCHEMA, Request.of(descriptor), callOptions, ClientCalls.SCHEMA_RESULT);
  }

  /**
   * ListFlights without blocking: every matching flight, collected as the server streams them
   * (see {@link #getFlightInfoAsync}).
   *
   * @param criteria the filter; {@link Criteria#ALL} for every flight
   * @param callOptions headers and timeout of this call
   * @return a future of the flights in the order sent, completed on the callback executor
   */
  public java.util.concurrent.CompletableFuture<java.util.List<FlightInfo>> listFlightsAsync(Criteria criteria,
      FlightCallOptions callOptions) {
    Request req = Request.of(criteria);
    return calls.resultsAsync(FlightMethod.LIST_FLIGHTS, callOptions, req, ClientCalls.FLIGHT_INFO);
  }

  /**
   * ListActions without blocking (see {@link #getFlightInfoAsync}).
   *
   * @param callOptions headers and timeout of this call
   * @return a future of the action types, completed on the callback executor
   */
  public java.util.concurrent.CompletableFuture<java.util.List<ActionType>> listActionsAsync(
      FlightCallOptions callOptions) {
    return calls.resultsAsync(FlightMethod.LIST_ACTIONS, callOptions, Request.empty(), ClientCalls.ACTION_TYPE);
  }

  /**
   * DoAction without blocking: every result of the action, collected as the server streams them
   * (see {@link #getFlightInfoAsync}).
   *
   * @param action the action's type and body
   * @param callOptions headers and timeout of this call
   * @return a future of the results in the order sent, completed on the callback executor
   */
  public java.util.concurrent.CompletableFuture<java.util.List<Result>> doActionAsync(Action action,
      FlightCallOptions callOptions) {
    Request req = Request.of(action);
    return calls.resultsAsync(FlightMethod.DO_ACTION, callOptions, req, ClientCalls.RESULT);
  }

  /**
   * DoAction without blocking, with default call options.
   *
   * @param action the action's type and body
   * @return a future of the results (see {@link #doActionAsync(Action, FlightCallOptions)})
   */
  public java.util.concurrent.CompletableFuture<java.util.List<Result>> doActionAsync(Action action) {
    return doActionAsync(action, FlightCallOptions.DEFAULT);
  }

  /**
   * DoGet as a {@link java.util.concurrent.Flow.Publisher} of chunks: no thread waits for data,
   * and the subscriber's demand is the flow control. A message is taken off the call only when
   * the subscriber has requested a chunk, and only then do its bytes go back to the HTTP/2
   * windows; a subscriber that requests nothing more stops the server once the stream's window
   * is full. The publisher is cold and serves one subscriber: the call starts when it subscribes
   * (another subscriber gets {@code onError}). {@code Subscription.cancel()} cancels the call.
   *
   * <p>The subscriber's methods run on the client's callback executor
   * ({@link FlightClientOptions#callbackExecutor()}), one at a time. {@code onError} gets the
   * {@link FlightError} that the blocking reader would throw.
   *
   * <p>Ownership: each chunk passed to {@code onNext} is owned by the subscriber, which must close
   * it; its batch shares the received buffers (no copy), accounted to {@link #allocator()}. For
   * dictionary-encoded columns, {@link FlightStreamChunk#dictionaries()} holds the stream's
   * dictionaries as they stood at that chunk, shared and owned by the chunk.
   *
   * @param ticket a ticket from one of a FlightInfo's endpoints
   * @param callOptions headers and timeout of this call (the timeout covers the whole stream)
   * @return a publisher of the stream's chunks: record batches, metadata, or both
   */
  public java.util.concurrent.Flow.Publisher<FlightStreamChunk> doGetAsync(Ticket ticket,
      FlightCallOptions callOptions) {
    java.util.concurrent.atomic.AtomicLong deadlineOf = new java.util.concurrent.atomic.AtomicLong();
    return new ChunkPublisher(() -> {
      // the deadline starts when the subscriber subscribes; a retry keeps it
      deadlineOf.compareAndSet(0, calls.deadlineOf(callOptions));
      long deadline = deadlineOf.get();
      return calls.openAsync(FlightMethod.DO_GET, callOptions, Request.of(ticket), deadline).thenApply(s -> {
        FlightStreamReader r = newReader(s, "DoGet of ticket " + printable(ticket.ticket()));
        return new ChunkPublisher.Opened(s, r);
      });
    }, calls.callbacks(), true);
  }

  /**
   * DoGet as a publisher, with default call options.
   *
   * @param ticket a ticket from one of a FlightInfo's endpoints
   * @return a publisher of the stream's chunks (see {@link #doGetAsync(Ticket, FlightCallOptions)})
   */
  public java.util.concurrent.Flow.Publisher<FlightStreamChunk> doGetAsync(Ticket ticket) {
    return doGetAsync(ticket, FlightCallOptions.DEFAULT);
  }

  /**
   * DoPut without blocking: opens the call (connecting without waiting if need be) and completes
   * with its streams. Their writer never blocks (see {@link FlightStreamWriter#isNonBlocking()}):
   * write while {@link FlightStreamWriter#isReady()}, continue in
   * {@link FlightStreamWriter#onReady}, and end the upload with
   * {@link FlightStreamWriter#doneWriting()}. {@link DoPutStreams#result()} completes when the
   * server has finished the call. Closing the streams before {@code doneWriting()} cancels the
   * call, as for {@link #doPut}.
   *
   * @param descriptor names the data being uploaded; sent with the first message
   * @param schema the schema of the batches
   * @param callOptions headers and timeout of this call
   * @param acknowledgements receives the app metadata of each acknowledgement (PutResult) the
   *     server sends, in order, on the client's callback executor; null to drop them
   * @return a future of the call's owned streams (close them): already complete when the
   *     connection is up, else completed on the callback executor; exceptionally when the call
   *     cannot be opened
   */
  public java.util.concurrent.CompletableFuture<DoPutStreams> doPutAsync(FlightDescriptor descriptor, Schema schema,
      FlightCallOptions callOptions, java.util.function.Consumer<byte[]> acknowledgements) {
    long deadline = calls.deadlineOf(callOptions);
    return calls.openAsync(FlightMethod.DO_PUT, callOptions, null, deadline).thenApply(s -> {
      FlightStreamWriter writer = newWriter(s, schema, descriptor);
      writer.core().nonBlocking();
      java.util.concurrent.CompletableFuture<Void> result = AsyncResults.each(
          () -> java.util.concurrent.CompletableFuture.completedFuture(s),
          ClientCalls.PUT_RESULT,
          acknowledgements == null ? ack -> { } : acknowledgements, false, calls.callbacks());
      return new DoPutStreams(writer, new FlightMetadataReader(s), result);
    });
  }

  /**
   * DoExchange without blocking: opens the call (connecting without waiting if need be), sends
   * the descriptor, and completes with its streams. Their writer never blocks (see
   * {@link FlightStreamWriter#isNonBlocking()}); the server's stream is read through
   * {@link DoExchangeStreams#publisher()}, a {@link java.util.concurrent.Flow.Publisher} with the
   * semantics of {@link #doGetAsync}. End the client's stream with
   * {@link FlightStreamWriter#doneWriting()}; closing the streams before that cancels the call.
   *
   * @param descriptor names what to exchange; sent at once
   * @param callOptions headers and timeout of this call
   * @return a future of the call's owned streams (close them): already complete when the
   *     connection is up, else completed on the callback executor; exceptionally when the call
   *     cannot be opened
   */
  public java.util.concurrent.CompletableFuture<DoExchangeStreams> doExchangeAsync(FlightDescriptor descriptor,
      FlightCallOptions callOptions) {
    long deadline = calls.deadlineOf(callOptions);
    return calls.openAsync(FlightMethod.DO_EXCHANGE, callOptions, null, deadline).thenApply(s -> {
      FlightStreamWriter writer = newWriter(s, null, descriptor);
      writer.core().nonBlocking();
      writer.core().sendDescriptorNow();
      FlightStreamReader reader = newReader(s, "DoExchange of " + descriptor);
      ChunkPublisher publisher = new ChunkPublisher(() -> java.util.concurrent.CompletableFuture.completedFuture(
          new ChunkPublisher.Opened(s, reader)), calls.callbacks(), false);
      return new DoExchangeStreams(writer, reader, publisher);
    });
  }

  // ---------------------------------------------------------------- blocking calls

  /**
   * ListFlights: the flights the service offers that match {@code criteria}, read as the server
   * streams them.
   *
   * @param criteria the filter; {@link Criteria#ALL} for every flight
   * @param callOptions headers and timeout of this call
   * @return an owned stream of the results (close it; closing early cancels the call); server
   *     errors are thrown from its {@code hasNext()} and {@code next()}
   */
  public ResultStream<FlightInfo> listFlights(Criteria criteria, FlightCallOptions callOptions) {
    Request req = Request.of(criteria);
    return calls.results(FlightMethod.LIST_FLIGHTS, callOptions, req, ClientCalls.FLIGHT_INFO);
  }

  /**
   * ListFlights with no filter and default call options.
   *
   * @return an owned stream of every flight (close it; closing early cancels the call)
   */
  public ResultStream<FlightInfo> listFlights() {
    return listFlights(Criteria.ALL, FlightCallOptions.DEFAULT);
  }

  /**
   * GetFlightInfo: how to fetch the flight named by {@code descriptor}. Blocks for the answer.
   *
   * @param descriptor the flight's path or command
   * @param callOptions headers and timeout of this call
   * @return the flight's schema, endpoints and size
   * @throws FlightError the status the call failed with, for example {@link FlightNotFoundError};
   *     {@link FlightInternalError} when the server sent no answer, several, or a malformed one
   */
  public FlightInfo getFlightInfo(FlightDescriptor descriptor, FlightCallOptions callOptions) {
    return calls.unary(FlightMethod.GET_FLIGHT_INFO, Request.of(descriptor), callOptions, ClientCalls.FLIGHT_INFO);
  }

  /**
   * GetFlightInfo with default call options.
   *
   * @param descriptor the flight's path or command
   * @return the flight's schema, endpoints and size
   * @throws FlightError the status the call failed with
   */
  public FlightInfo getFlightInfo(FlightDescriptor descriptor) {
    return getFlightInfo(descriptor, FlightCallOptions.DEFAULT);
  }

  /**
   * PollFlightInfo, one poll: the current state of the long-running query named by
   * {@code descriptor}. Poll again with the answer's {@link PollInfo#descriptor()} until it is
   * complete, or use {@link #pollFlightInfoUntilComplete}. Blocks for the answer.
   *
   * @param descriptor the query's descriptor: the original one, then the one each answer gives
   * @param callOptions headers and timeout of this poll
   * @return the query's state
   * @throws FlightError the status the call failed with; {@link FlightInternalError} for a
   *     missing or malformed answer
   */
  public PollInfo pollFlightInfo(FlightDescriptor descriptor, FlightCallOptions callOptions) {
    return calls.unary(FlightMethod.POLL_FLIGHT_INFO, Request.of(descriptor), callOptions, ClientCalls.POLL_INFO);
  }

  /**
   * PollFlightInfo, one poll, with default call options.
   *
   * @param descriptor the query's descriptor
   * @return the query's state
   * @throws FlightError the status the call failed with
   */
  public PollInfo pollFlightInfo(FlightDescriptor descriptor) {
    return pollFlightInfo(descriptor, FlightCallOptions.DEFAULT);
  }

  /**
   * GetSchema: the schema of the flight named by {@code descriptor}, without its endpoints.
   * Blocks for the answer.
   *
   * @param descriptor the flight's path or command
   * @param callOptions headers and timeout of this call
   * @return the schema
   * @throws FlightError the status the call failed with; {@link FlightInternalError} for a
   *     missing or malformed answer
   */
  public SchemaResult getSchema(FlightDescriptor descriptor, FlightCallOptions callOptions) {
    return calls.unary(FlightMethod.GET_SCHEMA, Request.of(descriptor), callOptions, ClientCalls.SCHEMA_RESULT);
  }

  /**
   * GetSchema with default call options.
   *
   * @param descriptor the flight's path or command
   * @return the schema
   * @throws FlightError the status the call failed with
   */
  public SchemaResult getSchema(FlightDescriptor descriptor) {
    return getSchema(descriptor, FlightCallOptions.DEFAULT);
  }

  /**
   * DoGet: the data stream of {@code ticket}. Returns at once; the reader blocks for data as it is
   * read, and the server's errors are thrown from its reads.
   *
   * @param ticket a ticket from one of a FlightInfo's endpoints
   * @param callOptions headers and timeout of this call
   * @return an owned reader of the stream (close it; closing it early cancels the call); batches
   *     are accounted to {@link #allocator()}
   */
  public FlightStreamReader doGet(Ticket ticket, FlightCallOptions callOptions) {
    long deadline = calls.deadlineOf(callOptions);
    ClientStream s = calls.open(FlightMethod.DO_GET, callOptions, Request.of(ticket), deadline);
    FlightStreamReader reader = newReader(s, "DoGet of ticket " + printable(ticket.ticket()));
    reader.core().retryRefused(() -> calls.open(FlightMethod.DO_GET, callOptions, Request.of(ticket), deadline));
    return reader;
  }

  /**
   * DoGet with default call options.
   *
   * @param ticket a ticket from one of a FlightInfo's endpoints
   * @return an owned reader of the stream (close it; closing it early cancels the call)
   */
  public FlightStreamReader doGet(Ticket ticket) {
    return doGet(ticket, FlightCallOptions.DEFAULT);
  }

  /** Bytes as text for a message: printable ASCII as is, others as '?', cut at 80 characters. */
  private static String printable(byte[] bytes) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < Math.min(bytes.length, 80); i++) {
      char c = (char) (bytes[i] & 0xff);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return b.append(bytes.length > 80 ? "...\"" : "\"").toString();
  }

  private FlightStreamReader newReader(ClientStream s, String call) {
    java.util.concurrent.atomic.AtomicReference<FlightStreamReader> reader = new java.util.concurrent.atomic.AtomicReference<>();
    BufferAllocator a = calls.callAllocator(call, () -> {
      FlightStreamReader r = reader.get();
      return r != null && r.isReleased();
    });
    FlightStreamReader r = new FlightStreamReader(new FlightDataReader(s, a,
        st -> st.cancel(GrpcStatus.of(GrpcStatusCode.CANCELLED, "reader closed before the end of the stream")),
        MessageStream::cancel));
    reader.set(r);
    return r;
  }

  private FlightStreamWriter newWriter(ClientStream s, Schema schema, FlightDescriptor descriptor) {
    return new FlightStreamWriter(new FlightDataWriter(s, calls.ipcWriter(s), schema, Protos.descriptorBytes(descriptor),
        s::halfClose, s::cancelUnlessCompleted, true, options.writeSizeLimitBytes(), options.maxOutboundMessageSize(),
        calls.callbacks()));
  }

  /**
   * DoPut: uploads batches of {@code schema} under {@code descriptor}. Starts the call and
   * returns at once with its writer and the reader of the server's acknowledgements. The schema
   * and the descriptor go with the first message written (or at
   * {@link FlightStreamWriter#doneWriting()} if nothing is written). Write the batches, then call
   * {@link DoPutStreams#complete()}, which ends the upload and throws if the server failed it.
   * Closing the returned streams without ending the upload cancels the call: the server never
   * takes a partial upload as complete.
   *
   * @param descriptor names the data being uploaded; sent with the first message
   * @param schema the schema of the batches (use {@link FlightStreamWriter#begin(Schema,
   *     org.apache.arrow.vector.dictionary.DictionaryProvider)} for dictionary-encoded fields)
   * @param callOptions headers and timeout of this call
   * @return the owned writer and acknowledgement reader of the call (close it)
   */
  public DoPutStreams doPut(FlightDescriptor descriptor, Schema schema, FlightCallOptions callOptions) {
    ClientStream s = calls.open(FlightMethod.DO_PUT, callOptions, null);
    return new DoPutStreams(newWriter(s, schema, descriptor), new FlightMetadataReader(s));
  }

  /**
   * DoPut with default call options.
   *
   * @param descriptor names the data being uploaded
   * @param schema the schema of the batches
   * @return the owned writer and acknowledgement reader of the call (close it)
   */
  public DoPutStreams doPut(FlightDescriptor descriptor, Schema schema) {
    return doPut(descriptor, schema, FlightCallOptions.DEFAULT);
  }

  /**
   * DoExchange: a bidirectional data call. The descriptor is sent at once, in a message of its
   * own; then both sides may write batches and metadata in any order the service defines. Each
   * side's stream has its own schema: the writer's is set by its first batch or
   * {@link FlightStreamWriter#begin}.
   *
   * @param descriptor names what to exchange; sent at once
   * @param callOptions headers and timeout of this call
   * @return the owned writer and reader of the call (close it; closing it before
   *     {@link FlightStreamWriter#doneWriting()}, or before the server finished, cancels the call)
   * @throws FlightError when the call has already failed while the descriptor is sent
   */
  public DoExchangeStreams doExchange(FlightDescriptor descriptor, FlightCallOptions callOptions) {
    ClientStream s = calls.open(FlightMethod.DO_EXCHANGE, callOptions, null);
    FlightStreamWriter writer = newWriter(s, null, descriptor);
    writer.core().sendDescriptorNow();
    return new DoExchangeStreams(writer, newReader(s, "DoExchange of " + descriptor));
  }

  /**
   * DoExchange with default call options.
   *
   * @param descriptor names what to exchange; sent at once
   * @return the owned writer and reader of the call (close it)
   * @throws FlightError when the call has already failed while the descriptor is sent
   */
  public DoExchangeStreams doExchange(FlightDescriptor descriptor) {
    return doExchange(descriptor, FlightCallOptions.DEFAULT);
  }

  /**
   * ListActions: the action types the service offers for {@link #doAction}.
   *
   * @param callOptions headers and timeout of this call
   * @return an owned stream of the action types (close it; closing early cancels the call);
   *     server errors are thrown from its {@code hasNext()} and {@code next()}
   */
  public ResultStream<ActionType> listActions(FlightCallOptions callOptions) {
    return calls.results(FlightMethod.LIST_ACTIONS, callOptions, Request.empty(), ClientCalls.ACTION_TYPE);
  }

  /**
   * ListActions with default call options.
   *
   * @return an owned stream of the action types (close it)
   */
  public ResultStream<ActionType> listActions() {
    return listActions(FlightCallOptions.DEFAULT);
  }

  /**
   * DoAction: runs {@code action} on the server and streams its results. For the well-known
   * actions, prefer their typed methods ({@link #cancelFlightInfo}, {@link #renewFlightEndpoint},
   * the session methods).
   *
   * @param action the action type and body
   * @param callOptions headers and timeout of this call
   * @return an owned stream of the results (close it; closing early cancels the call); server
   *     errors, such as {@link FlightUnimplementedError} for an unknown action, are thrown from
   *     its {@code hasNext()} and {@code next()}
   */
  public ResultStream<Result> doAction(Action action, FlightCallOptions callOptions) {
    Request req = Request.of(action);
    return calls.results(FlightMethod.DO_ACTION, callOptions, req, ClientCalls.RESULT);
  }

  /**
   * DoAction with default call options.
   *
   * @param action the action type and body
   * @return an owned stream of the results (close it)
   */
  public ResultStream<Result> doAction(Action action) {
    return doAction(action, FlightCallOptions.DEFAULT);
  }

  // ------------------------------------------------------------ well-known actions

  private byte[] wellKnown(String type, byte[] body, FlightCallOptions callOptions) {
    java.util.List<Result> results = doAction(new Action(type, body), callOptions).toList();
    if (results.size() != 1) {
      throw new FlightInternalError(type + ": expected one result, the server sent " + results.size());
    }
    return results.get(0).body();
  }

  /**
   * CancelFlightInfo: asks the server to stop the query behind {@code info}, whose endpoints
   * should then fail. Blocks for the answer (a DoAction of the well-known type).
   *
   * @param info the FlightInfo of the query, as the server returned it
   * @param callOptions headers and timeout of this call
   * @return the outcome; {@link CancelStatus#UNSPECIFIED} when the server gave none
   * @throws FlightError the status the call failed with ({@link FlightUnimplementedError} when
   *     the service does not support it); {@link FlightInternalError} when the answer is not one
   *     well-formed result
   */
  public CancelStatus cancelFlightInfo(FlightInfo info, FlightCallOptions callOptions) {
    return WellKnownActions.cancelResult(wellKnown(WellKnownActions.CANCEL_FLIGHT_INFO,
        WellKnownActions.cancelRequest(info), callOptions));
  }

  /**
   * CancelFlightInfo with default call options.
   *
   * @param info the FlightInfo of the query
   * @return the outcome
   * @throws FlightError the status the call failed with
   */
  public CancelStatus cancelFlightInfo(FlightInfo info) {
    return cancelFlightInfo(info, FlightCallOptions.DEFAULT);
  }

  /**
   * RenewFlightEndpoint: asks the server to extend the expiration time of {@code endpoint}.
   * Blocks for the answer (a DoAction of the well-known type).
   *
   * @param endpoint the endpoint to renew, as the server returned it
   * @param callOptions headers and timeout of this call
   * @return the renewed endpoint, with its new expiration time
   * @throws FlightError the status the call failed with ({@link FlightUnimplementedError} when
   *     the service does not support it); {@link FlightInternalError} when the answer is not one
   *     well-formed result
   */
  public FlightEndpoint renewFlightEndpoint(FlightEndpoint endpoint, FlightCallOptions callOptions) {
    return WellKnownActions.renewResult(wellKnown(WellKnownActions.RENEW_FLIGHT_ENDPOINT,
        WellKnownActions.renewRequest(endpoint), callOptions));
  }

  /**
   * RenewFlightEndpoint with default call options.
   *
   * @param endpoint the endpoint to renew
   * @return the renewed endpoint
   * @throws FlightError the status the call failed with
   */
  public FlightEndpoint renewFlightEndpoint(FlightEndpoint endpoint) {
    return renewFlightEndpoint(endpoint, FlightCallOptions.DEFAULT);
  }

  /**
   * SetSessionOptions: sets each option of this client's session ({@link SessionOptionValue#empty()}
   * removes one). Sessions ride on a cookie: add a
   * {@link dev.flightwire.middleware.ClientCookieMiddlewareFactory} to the client's options, or
   * every call starts a new session. Blocks for the answer.
   *
   * @param options the options to set, by name
   * @param callOptions headers and timeout of this call
   * @return the options the server refused, with why; empty when all were set
   * @throws FlightError the status the call failed with; {@link FlightInternalError} when the
   *     answer is not one well-formed result
   */
  public java.util.Map<String, SessionOptionError> setSessionOptions(java.util.Map<String, SessionOptionValue> options,
      FlightCallOptions callOptions) {
    return WellKnownActions.setSessionResult(wellKnown(WellKnownActions.SET_SESSION_OPTIONS,
        WellKnownActions.setSessionRequest(options), callOptions));
  }

  /**
   * SetSessionOptions with default call options.
   *
   * @param options the options to set, by name
   * @return the options the server refused, with why; empty when all were set
   * @throws FlightError the status the call failed with
   */
  public java.util.Map<String, SessionOptionError> setSessionOptions(java.util.Map<String, SessionOptionValue> options) {
    return setSessionOptions(options, FlightCallOptions.DEFAULT);
  }

  /**
   * GetSessionOptions: the options of this client's session (see {@link #setSessionOptions}).
   * Blocks for the answer.
   *
   * @param callOptions headers and timeout of this call
   * @return the options by name, in the server's order
   * @throws FlightError the status the call failed with; {@link FlightInternalError} when the
   *     answer is not one well-formed result
   */
  public java.util.Map<String, SessionOptionValue> getSessionOptions(FlightCallOptions callOptions) {
    return WellKnownActions.getSessionResult(wellKnown(WellKnownActions.GET_SESSION_OPTIONS,
        WellKnownActions.getSessionRequest(), callOptions));
  }

  /**
   * GetSessionOptions with default call options.
   *
   * @return the options by name
   * @throws FlightError the status the call failed with
   */
  public java.util.Map<String, SessionOptionValue> getSessionOptions() {
    return getSessionOptions(FlightCallOptions.DEFAULT);
  }

  /**
   * CloseSession: ends this client's session on the server. Blocks for the answer.
   *
   * @param callOptions headers and timeout of this call
   * @return the outcome; {@link CloseSessionStatus#UNSPECIFIED} when the server gave none
   * @throws FlightError the status the call failed with; {@link FlightInternalError} when the
   *     answer is not one well-formed result
   */
  public CloseSessionStatus closeSession(FlightCallOptions callOptions) {
    return WellKnownActions.closeResult(wellKnown(WellKnownActions.CLOSE_SESSION,
        WellKnownActions.closeSessionRequest(), callOptions));
  }

  /**
   * CloseSession with default call options.
   *
   * @return the outcome
   * @throws FlightError the status the call failed with
   */
  public CloseSessionStatus closeSession() {
    return closeSession(FlightCallOptions.DEFAULT);
  }

  /**
   * Polls a long-running query until it completes: PollFlightInfo with {@code descriptor}, then
   * again with the descriptor each answer gives, waiting {@code interval} between polls (doubling up
   * to 10x), until an answer has no descriptor. Blocks the calling thread meanwhile.
   *
   * @param descriptor the query's descriptor
   * @param interval the wait before the second poll (at least 1 ms)
   * @param callOptions headers and timeout of each poll (the timeout is per poll, not overall)
   * @return the final, complete FlightInfo
   * @throws FlightTimedOutError once the query's expiration time has passed before it completed
   * @throws FlightInternalError when the complete answer carries no FlightInfo
   * @throws FlightError the status a poll failed with
   * @throws InterruptedException when the thread is interrupted while waiting between polls
   */
  public FlightInfo pollFlightInfoUntilComplete(FlightDescriptor descriptor, java.time.Duration interval,
      FlightCallOptions callOptions) throws InterruptedException {
    long wait = Math.max(1, interval.toMillis());
    PollInfo p = pollFlightInfo(descriptor, callOptions);
    while (!p.isComplete()) {
      if (p.expirationTime() != null && java.time.Instant.now().isAfter(p.expirationTime())) {
        throw new FlightTimedOutError("the query expired at " + p.expirationTime() + " before it completed"
            + (p.progress() == null ? "" : " (progress " + p.progress() + ")"));
      }
      Thread.sleep(wait);
      wait = Math.min(wait * 2, Math.max(1, interval.toMillis()) * 10);
      p = pollFlightInfo(p.descriptor(), callOptions);
    }
    if (p.info() == null) {
      throw new FlightInternalError("PollFlightInfo completed without a FlightInfo");
    }
    return p.info();
  }

  /**
   * Authenticates with the handshake convention: runs a Handshake call in which {@code handler}
   * exchanges payloads with the server's {@link dev.flightwire.auth.ServerAuthHandler}, on this
   * thread. Once the call ends OK, the handler's token is sent on every later call of this client
   * in the {@code auth-token-bin} header (unless a call sets that header itself).
   *
   * @param handler the client half of the handshake, for example
   *     {@link dev.flightwire.auth.BasicClientAuthHandler}
   * @param callOptions headers and timeout of the Handshake call
   * @throws FlightError the status the handshake failed with, typically
   *     {@link FlightUnauthenticatedError}, or what {@code handler} threw
   */
  public void authenticate(ClientAuthHandler handler, FlightCallOptions callOptions) {
    ClientHandshake.authenticate(calls, handler, callOptions);
  }

  /**
   * Authenticates with the handshake convention, with default call options.
   *
   * @param handler the client half of the handshake
   * @throws FlightError the status the handshake failed with, or what {@code handler} threw
   */
  public void authenticate(ClientAuthHandler handler) {
    authenticate(handler, FlightCallOptions.DEFAULT);
  }

  /**
   * Authenticates with the header convention: a Handshake call carrying
   * {@code authorization: Basic base64(username:password)}. The server's
   * {@code authorization: Bearer ...} answer (from its trailers, else its headers) is then sent on
   * every later call of this client (unless a call sets {@code authorization} itself). This is the
   * convention of pyarrow's {@code authenticate_basic_token} and Arrow Java's
   * {@code authenticateBasicToken}; a flightwire server answers it with
   * {@link dev.flightwire.auth.BasicBearerAuthenticator}.
   *
   * @param username the user name; must not contain ':'
   * @param password the password
   * @param callOptions headers and timeout of the Handshake call
   * @return the bearer header value, {@code "Bearer <token>"}
   * @throws FlightUnauthenticatedError when the credentials are refused or no token comes back
   * @throws FlightError another status the handshake failed with
   */
  public String authenticateBasicToken(String username, String password, FlightCallOptions callOptions) {
    return ClientHandshake.authenticateBasicToken(calls, username, password, callOptions);
  }

  /**
   * Authenticates with the header convention, with default call options.
   *
   * @param username the user name; must not contain ':'
   * @param password the password
   * @return the bearer header value, {@code "Bearer <token>"}
   * @throws FlightUnauthenticatedError when the credentials are refused or no token comes back
   */
  public String authenticateBasicToken(String username, String password) {
    return authenticateBasicToken(username, password, FlightCallOptions.DEFAULT);
  }

  /**
   * Cancels every call still open on this client (RST_STREAM CANCEL; readers, writers and unary
   * calls, also those blocked on other threads, fail with {@link FlightCancelledError}
   * "client closed"), abandons a connection attempt in progress, and closes the connection;
   * later calls fail at once with {@link FlightUnavailableError}. Never waits behind a connect.
   * When this is the last client on the shared event-loop group, waits for the group to stop (a
   * few seconds at most); a group from {@link FlightClientOptions#eventLoopGroup()} is left
   * running. Then closes the client's own allocator if it made one (an allocator from
   * {@link FlightClientOptions#allocator()} is the application's: never closed, never checked).
   * A second call does nothing.
   *
   * @throws FlightError (INVALID_ARGUMENT) when the client made its own allocator and results of
   *     its calls that are still open (a {@code Table} from {@code readAll}, a
   *     {@code ChunkedTable}, a reader) hold memory of it; the message names each call (method and
   *     ticket or descriptor). The connection is closed all the same; the allocator is left open
   *     and its memory is freed as those results are closed.
   */
  @Override
  public void close() {
    if (connector.close(calls::cancelAll)) {
      calls.closeAllocator();
    }
  }
}
