package dev.flightwire.interop;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.flightwire.Action;
import dev.flightwire.ActionType;
import dev.flightwire.Criteria;
import dev.flightwire.DoExchangeStreams;
import dev.flightwire.DoPutStreams;
import dev.flightwire.FlightAlreadyExistsError;
import dev.flightwire.FlightCallOptions;
import dev.flightwire.FlightCancelledError;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightError;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInternalError;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightNotFoundError;
import dev.flightwire.FlightServerError;
import dev.flightwire.FlightStreamChunk;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.FlightStreamWriter;
import dev.flightwire.FlightTimedOutError;
import dev.flightwire.FlightUnauthenticatedError;
import dev.flightwire.FlightUnauthorizedError;
import dev.flightwire.FlightUnavailableError;
import dev.flightwire.FlightUnimplementedError;
import dev.flightwire.Location;
import dev.flightwire.Result;
import dev.flightwire.Ticket;
import dev.flightwire.auth.AuthReader;
import dev.flightwire.auth.AuthSender;
import dev.flightwire.auth.ClientAuthHandler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.opentest4j.TestAbortedException;

/**
 * The 21 conformance client checks of wire-tests/CONTRACT.md on the flightwire client.
 *
 * <p>{@link #run} runs one check against a conformance server: it returns normally on PASS,
 * throws {@link AssertionError} (or the unexpected exception) on FAIL and
 * {@link TestAbortedException} on SKIP. {@link #main} runs checks as a peer client does and prints
 * {@code PASS/FAIL/SKIP} lines.
 *
 * <p>In {@link Mode#ASYNC} the checks make their calls through the asynchronous API wherever it
 * has a form of the call: GetFlightInfo, GetSchema, ListFlights, ListActions and DoAction by
 * their futures, DoGet by the {@code Flow.Publisher} of {@code doGetAsync} (a subscriber that
 * requests one chunk at a time, and cancels its subscription for {@code cancel}), DoPut by
 * {@code doPutAsync} (writes from {@code onReady} or from the acknowledgement consumer, with
 * {@code writeBatchAsync}). Handshake and DoExchange have no asynchronous form and stay blocking.
 * The assertions are the same in both modes.
 */
public final class ConformanceChecks {
  static final String STACK = "flightwire";
  /** Deadline of every call (except where a check sets its own). */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
  /** A check still running after this long fails. */
  static final long CHECK_TIMEOUT_SECONDS = 120;

  /** Error kinds of the contract, in table order: kind -> (error class, gRPC status code). */
  static final Map<String, Map.Entry<Class<? extends FlightError>, Integer>> ERROR_KINDS = new LinkedHashMap<>();

  static {
    ERROR_KINDS.put("unauthenticated", Map.entry(FlightUnauthenticatedError.class, 16));
    ERROR_KINDS.put("unauthorized", Map.entry(FlightUnauthorizedError.class, 7));
    ERROR_KINDS.put("unavailable", Map.entry(FlightUnavailableError.class, 14));
    ERROR_KINDS.put("timed_out", Map.entry(FlightTimedOutError.class, 4));
    ERROR_KINDS.put("cancelled", Map.entry(FlightCancelledError.class, 1));
    ERROR_KINDS.put("internal", Map.entry(FlightInternalError.class, 13));
    ERROR_KINDS.put("server_error", Map.entry(FlightServerError.class, 2));
    ERROR_KINDS.put("invalid", Map.entry(FlightInvalidArgumentError.class, 3));
    ERROR_KINDS.put("not_found", Map.entry(FlightNotFoundError.class, 5));
    ERROR_KINDS.put("unimplemented", Map.entry(FlightUnimplementedError.class, 12));
    ERROR_KINDS.put("already_exists", Map.entry(FlightAlreadyExistsError.class, 6));
  }

  private static final List<String> NAMES = List.of(
      "handshake", "list_flights", "get_flight_info", "get_flight_info_not_found", "get_schema", "do_get",
      "do_get_metadata", "do_put", "do_put_rejected", "do_exchange_echo", "list_actions", "do_action", "headers",
      "errors", "error_mid_stream", "timeout", "cancel", "types_get", "types_put", "concurrent",
      "do_put_cancelled");

  /** Which API of the client the checks use. */
  public enum Mode {
    /** The blocking calls, readers and writers. */
    BLOCKING,
    /** The asynchronous forms (futures, the DoGet publisher, doPutAsync) where a call has one. */
    ASYNC
  }

  private final FlightClient client;
  private final BufferAllocator allocator;
  private final Path dataDir;
  private final Set<String> skipErrorKinds;
  private final boolean async;

  private ConformanceChecks(FlightClient client, BufferAllocator allocator, Path dataDir, Set<String> skipErrorKinds,
      Mode mode) {
    this.client = client;
    this.allocator = allocator;
    this.dataDir = dataDir;
    this.skipErrorKinds = skipErrorKinds;
    this.async = mode == Mode.ASYNC;
  }

  /** The check names, in contract order. */
  public static List<String> names() {
    return NAMES;
  }

  /** Runs one check; every error kind is expected to be producible by the server. */
  public static void run(String name, String host, int port, Path dataDirOrNull, BufferAllocator allocator)
      throws Exception {
    run(name, host, port, dataDirOrNull, allocator, Set.of());
  }

  /**
   * Runs one check on a client of its own.
   *
   * @param skipErrorKinds error kinds the server's stack cannot raise (e.g. {@code already_exists}
   *     for pyarrow): the {@code errors} check leaves them out
   * @throws AssertionError when the check fails
   * @throws TestAbortedException when the check cannot run (types checks without a data dir)
   */
  public static void run(String name, String host, int port, Path dataDirOrNull, BufferAllocator allocator,
      Set<String> skipErrorKinds) throws Exception {
    run(name, host, port, dataDirOrNull, allocator, skipErrorKinds, Mode.BLOCKING);
  }

  /**
   * As {@link #run(String, String, int, Path, BufferAllocator, Set)}, through the API that
   * {@code mode} names.
   */
  public static void run(String name, String host, int port, Path dataDirOrNull, BufferAllocator allocator,
      Set<String> skipErrorKinds, Mode mode) throws Exception {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("unknown check " + name + "; checks: " + NAMES);
    }
    BufferAllocator child = allocator.newChildAllocator("check-" + name, 0, Long.MAX_VALUE);
    FlightClient client = null;
    ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "conformance-check-" + name);
      t.setDaemon(true);
      return t;
    });
    boolean finished = false;
    try {
      client = FlightClient.connect(Location.forGrpcTcp(host, port), FlightClientOptions.builder()
          .allocator(child)
          .callOptions(FlightCallOptions.timeout(CALL_TIMEOUT))
          .build());
      ConformanceChecks checks = new ConformanceChecks(client, child, dataDirOrNull, skipErrorKinds, mode);
      Future<?> f = runner.submit(() -> {
        checks.dispatch(name);
        return null;
      });
      try {
        f.get(CHECK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        f.cancel(true);
        throw new AssertionError(name + ": did not finish within " + CHECK_TIMEOUT_SECONDS + " s");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Error) {
          throw (Error) cause;
        }
        if (cause instanceof Exception) {
          throw (Exception) cause;
        }
        throw e;
      }
      finished = true;
    } finally {
      runner.shutdownNow();
      if (client != null) {
        client.close();
      }
      if (finished) {
        child.close(); // throws when the check leaked
      } else {
        try {
          child.close();
        } catch (IllegalStateException leakAfterFailure) {
          // the check failed already; its error is the one to report
        }
      }
    }
  }

  private void dispatch(String name) throws Exception {
    switch (name) {
      case "handshake": handshake(); break;
      case "list_flights": listFlights(); break;
      case "get_flight_info": getFlightInfo(); break;
      case "get_flight_info_not_found": getFlightInfoNotFound(); break;
      case "get_schema": getSchema(); break;
      case "do_get": doGet(); break;
      case "do_get_metadata": doGetMetadata(); break;
      case "do_put": doPut(); break;
      case "do_put_rejected": doPutRejected(); break;
      case "do_exchange_echo": doExchangeEcho(); break;
      case "list_actions": listActions(); break;
      case "do_action": doAction(); break;
      case "headers": headers(); break;
      case "errors": errors(); break;
      case "error_mid_stream": errorMidStream(); break;
      case "timeout": timeout(); break;
      case "cancel": cancel(); break;
      case "types_get": typesGet(); break;
      case "types_put": typesPut(); break;
      case "concurrent": concurrent(); break;
      case "do_put_cancelled": doPutCancelled(); break;
      default: throw new IllegalArgumentException(name);
    }
  }

  // ---------------------------------------------------------------- helpers

  static void expect(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }

  static String describe(Throwable t) {
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  interface Body {
    void run() throws Exception;
  }

  /** Runs body; it must fail with {@code type} whose message contains {@code text}. */
  static FlightError expectError(Class<? extends FlightError> type, String text, String what, Body body) {
    try {
      body.run();
    } catch (Throwable t) {
      if (type.isInstance(t) && (text == null || String.valueOf(t.getMessage()).contains(text))) {
        return (FlightError) t;
      }
      AssertionError e = new AssertionError(what + ": expected " + type.getSimpleName()
          + (text == null ? "" : " containing '" + text + "'") + ", got " + describe(t));
      e.initCause(t);
      throw e;
    }
    throw new AssertionError(what + ": expected " + type.getSimpleName()
        + (text == null ? "" : " containing '" + text + "'") + ", but it succeeded");
  }

  private static FlightCallOptions options() {
    return FlightCallOptions.timeout(CALL_TIMEOUT);
  }

  /** The asynchronous form of a call in {@link Mode#ASYNC} (its value waited for), else the blocking form. */
  private <T> T call(Supplier<CompletableFuture<T>> asyncForm, Supplier<T> blockingForm) {
    return async ? AsyncStreams.await(asyncForm.get()) : blockingForm.get();
  }

  private List<Result> actionResults(Action a, FlightCallOptions o) {
    return call(() -> client.doActionAsync(a, o), () -> client.doAction(a, o).toList());
  }

  private List<String> action(String type, String body) {
    return actionResults(Action.of(type, body), options()).stream().map(Result::bodyAsString)
        .collect(Collectors.toList());
  }

  private FlightInfo flightInfo(FlightDescriptor d) {
    return call(() -> client.getFlightInfoAsync(d, options()), () -> client.getFlightInfo(d, options()));
  }

  private Schema schemaOf(FlightDescriptor d) {
    return call(() -> client.getSchemaAsync(d, options()), () -> client.getSchema(d, options())).schema();
  }

  /**
   * DoGet of a whole table: by the publisher in {@link Mode#ASYNC} (then the table must have no
   * dictionary-encoded field and at least one batch, see {@link #readStoredTable}), else by the reader.
   */
  private StoredTable readTable(String ticket, StoredTable.ChunkHook hook) {
    return async ? published(ticket, publish(ticket, hook)) : readWithReader(ticket, hook);
  }

  private StoredTable readWithReader(String ticket, StoredTable.ChunkHook hook) {
    try (FlightStreamReader r = client.doGet(Ticket.of(ticket), options())) {
      return StoredTable.read(r, allocator, hook);
    }
  }

  /** Starts DoGet of {@code ticket} through the publisher of {@code doGetAsync}. */
  private CompletableFuture<AsyncStreams.Published> publish(String ticket, StoredTable.ChunkHook hook) {
    return AsyncStreams.publish(client, Ticket.of(ticket), options(), allocator, hook);
  }

  /** The table a publisher delivered, which must show all of it: a schema without dictionaries, and a batch. */
  private static StoredTable published(String ticket, CompletableFuture<AsyncStreams.Published> stream) {
    return AsyncStreams.await(stream).toTable(() -> {
      throw new AssertionError("DoGet " + ticket + " sent no batch (the publisher shows no schema then)");
    }, schema -> {
      throw new AssertionError("DoGet " + ticket + " has dictionary-encoded fields: " + schema);
    });
  }

  /**
   * DoGet of a stored table (ticket = path key). In {@link Mode#ASYNC} by the publisher, whose batches (with
   * their schema, metadata, boundaries, dictionary indices and the dictionaries the chunks carry)
   * are what is compared; the schema of a stream without batches, which the publisher does not
   * show, comes from GetSchema (asynchronous).
   */
  private StoredTable readStoredTable(String key) {
    if (!async) {
      return readWithReader(key, noMetadataOnly("DoGet " + key));
    }
    return AsyncStreams.await(publish(key, noMetadataOnly("DoGet " + key))).toTable(
        () -> schemaOf(FlightDescriptor.forPath(key.split("/"))),
        schema -> {
          throw new AssertionError("DoGet " + key + ": no chunk carried the dictionaries of " + schema);
        });
  }

  private static StoredTable.ChunkHook noMetadataOnly(String what) {
    return (index, hasData, metadata) -> expect(hasData,
        what + ": unexpected metadata-only message #" + index + " in a DoGet stream");
  }

  private void expectInts(StoredTable got, String what) {
    try (StoredTable expected = ConformanceServer.makeInts(allocator)) {
      String d = TableDiff.difference(got, expected, true);
      expect(d == null, what + ": " + d);
    }
  }

  private static String schemaCheck(Schema expected, Schema got) {
    if (got == null) {
      return "no schema";
    }
    String d = TableDiff.schemaDifference(got, expected);
    return d == null ? null : d + " (got " + got + ", expected " + expected + ")";
  }

  /** Single-row batches v = 0..n-1 of V_SCHEMA. */
  private StoredTable vTable(int n) {
    List<VectorSchemaRoot> roots = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      VectorSchemaRoot root = VectorSchemaRoot.create(ConformanceServer.V_SCHEMA, allocator);
      roots.add(root);
      root.allocateNew();
      ((BigIntVector) root.getVector("v")).setSafe(0, i);
      root.setRowCount(1);
    }
    return StoredTable.ofRoots(ConformanceServer.V_SCHEMA, roots);
  }

  private static String text(byte[] b) {
    return b == null ? null : new String(b, UTF_8);
  }

  // ---------------------------------------------------------------- the checks

  void handshake() {
    byte[][] response = new byte[1][];
    client.authenticate(new ClientAuthHandler() {
      @Override
      public void authenticate(AuthSender outgoing, AuthReader incoming) {
        outgoing.write("hello".getBytes(UTF_8));
        response[0] = incoming.read();
      }

      @Override
      public byte[] getToken() {
        return new byte[0];
      }
    }, options());
    expect(Arrays.equals(response[0], "echo:hello".getBytes(UTF_8)),
        "handshake response " + text(response[0]) + ", expected echo:hello");
    // the (empty) token now goes with every call; the service accepts it
    expect(action("echo", "after-handshake").equals(List.of("after-handshake")), "echo after handshake failed");
  }

  void listFlights() {
    List<FlightInfo> infos = call(() -> client.listFlightsAsync(Criteria.ALL, options()),
        () -> client.listFlights(Criteria.ALL, options()).toList());
    List<FlightInfo> found = infos.stream()
        .filter(i -> i.descriptor().isPath() && i.descriptor().path().equals(List.of("test", "ints")))
        .collect(Collectors.toList());
    expect(found.size() == 1, found.size() + " entries for test/ints among " + infos.size() + " flights");
    FlightInfo info = found.get(0);
    expect(info.totalRecords() == 30, "total_records " + info.totalRecords() + ", expected 30");
    expect(info.endpoints().size() == 1, info.endpoints().size() + " endpoints, expected 1");
    FlightEndpoint e = info.endpoints().get(0);
    expect(e.ticket().equals(Ticket.of("test/ints")), "ticket " + e.ticket() + ", expected test/ints");
    expect(e.locations().isEmpty(), "locations " + e.locations() + ", expected none");
    String d = schemaCheck(ConformanceServer.INTS_SCHEMA, info.schema());
    expect(d == null, "schema: " + d);
  }

  void getFlightInfo() {
    FlightDescriptor descriptor = FlightDescriptor.forPath("test", "ints");
    FlightInfo info = flightInfo(descriptor);
    String d = schemaCheck(ConformanceServer.INTS_SCHEMA, info.schema());
    expect(d == null, "schema: " + d);
    expect(descriptor.equals(info.descriptor()), "descriptor " + info.descriptor() + ", expected " + descriptor);
    expect(info.totalRecords() == 30, "total_records " + info.totalRecords() + ", expected 30");
  }

  void getFlightInfoNotFound() {
    expectError(FlightNotFoundError.class, "unknown path: no/such", "GetFlightInfo no/such",
        () -> flightInfo(FlightDescriptor.forPath("no", "such")));
  }

  void getSchema() {
    Schema s = schemaOf(FlightDescriptor.forPath("test", "ints"));
    String d = schemaCheck(ConformanceServer.INTS_SCHEMA, s);
    expect(d == null, "schema: " + d);
  }

  void doGet() {
    try (StoredTable t = readTable("test/ints", noMetadataOnly("DoGet test/ints"))) {
      expectInts(t, "DoGet test/ints");
    }
  }

  void doGetMetadata() {
    List<String> metadata = new ArrayList<>();
    try (StoredTable t = readTable("metadata:3", (index, hasData, md) -> {
      expect(hasData, "unexpected metadata-only message #" + index);
      metadata.add(text(md));
    }); StoredTable expected = vTable(3)) {
      String d = TableDiff.difference(t, expected, true);
      expect(d == null, "data: " + d);
    }
    expect(metadata.equals(List.of("m0", "m1", "m2")), "app_metadata " + metadata + ", expected [m0, m1, m2]");
  }

  static final Schema PUT_SCHEMA = new Schema(List.of(
      Field.nullable("id", new ArrowType.Int(64, true)),
      Field.nullable("value", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));

  private static void fillPut(VectorSchemaRoot root, int b) {
    root.allocateNew();
    BigIntVector id = (BigIntVector) root.getVector("id");
    Float8Vector value = (Float8Vector) root.getVector("value");
    for (int r = 0; r < 5; r++) {
      int i = b * 5 + r;
      id.setSafe(r, i);
      value.setSafe(r, i * 1.5);
    }
    root.setRowCount(5);
  }

  void doPut() {
    String key = "uploads/c-" + STACK;
    FlightDescriptor descriptor = FlightDescriptor.forPath(key.split("/"));
    try (StoredTable expected = buildPutTable()) {
      if (async) {
        putInLockstepAsync(descriptor, expected, false);
      } else {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(PUT_SCHEMA, allocator);
            DoPutStreams put = client.doPut(descriptor, PUT_SCHEMA, options())) {
          putTwoInLockstep(root, put);
          put.complete();
        }
      }
      try (StoredTable got = readTable(key, noMetadataOnly("DoGet " + key))) {
        String d = TableDiff.difference(got, expected, true);
        expect(d == null, "DoGet " + key + ": " + d);
      }
    }
    List<String> result = action("compare", key + "|" + key);
    expect(result.equals(List.of("ok")), "compare " + key + "|" + key + ": " + result);
  }

  /** Thrown inside try-with-resources to stand for the application failing mid-upload. */
  private static final class UploadFailed extends RuntimeException {
    UploadFailed() {
      super("the application failed mid-upload");
    }
  }

  /**
   * The upload of do_put and do_put_cancelled by {@code doPutAsync}: batch b of {@code batches}
   * with metadata "b", written (writeBatchAsync) by the acknowledgement consumer once the
   * PutResult of the batch before arrived; then the upload is completed ({@code doneWriting()}),
   * or with {@code cancel} the streams are closed without it, which must cancel the call.
   */
  private void putInLockstepAsync(FlightDescriptor descriptor, StoredTable batches, boolean cancel) {
    int n = batches.batches.size();
    List<String> acks = Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<Void>> writes = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Void> allAcknowledged = new CompletableFuture<>();
    AtomicReference<DoPutStreams> streams = new AtomicReference<>();
    DoPutStreams put = AsyncStreams.await(client.doPutAsync(descriptor, batches.schema, options(), ack -> {
      acks.add(text(ack));
      try {
        if (acks.size() < n) {
          writes.add(writeWithIndex(streams.get(), batches, acks.size()));
        } else {
          allAcknowledged.complete(null);
        }
      } catch (RuntimeException e) {
        allAcknowledged.completeExceptionally(e);
      }
    }));
    try {
      expect(put.writer().isNonBlocking(), "the writer of doPutAsync blocks");
      streams.set(put);
      put.result().whenComplete((v, e) -> allAcknowledged.completeExceptionally(e != null ? e
          : new AssertionError("the upload ended after the PutResults " + acks)));
      writes.add(writeWithIndex(put, batches, 0));
      AsyncStreams.await(allAcknowledged);
      List<String> expected = new ArrayList<>();
      for (int b = 0; b < n; b++) {
        expected.add(Integer.toString(b));
      }
      expect(acks.equals(expected), "PutResults " + acks + ", expected " + expected);
      AsyncStreams.await(CompletableFuture.allOf(writes.toArray(new CompletableFuture<?>[0])));
      if (cancel) {
        put.close(); // without doneWriting(): cancels the call
        expectError(FlightCancelledError.class, null, "the result of the cancelled upload",
            () -> AsyncStreams.await(put.result()));
      } else {
        put.writer().doneWriting();
        AsyncStreams.await(put.result());
      }
    } finally {
      put.close();
    }
  }

  private static CompletableFuture<Void> writeWithIndex(DoPutStreams put, StoredTable batches, int b) {
    return put.writer().writeBatchAsync(batches.batches.get(b), Integer.toString(b).getBytes(UTF_8));
  }

  void doPutCancelled() throws InterruptedException {
    String key = "uploads/cancelled-" + STACK;
    FlightDescriptor descriptor = FlightDescriptor.forPath(key.split("/"));
    if (async) {
      try (StoredTable batches = buildPutTable()) {
        putInLockstepAsync(descriptor, batches, true);
      }
    } else {
      putAndCancel(descriptor);
    }
    // the server reacts to the reset on its own time: the upload must stay absent meanwhile
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
    do {
      expectError(FlightNotFoundError.class, "unknown path: " + key, "GetFlightInfo " + key + " after the cancel",
          () -> flightInfo(descriptor));
      Thread.sleep(50);
    } while (System.nanoTime() < end);
  }

  private void putAndCancel(FlightDescriptor descriptor) {
    try {
      try (VectorSchemaRoot root = VectorSchemaRoot.create(PUT_SCHEMA, allocator);
          DoPutStreams put = client.doPut(descriptor, PUT_SCHEMA, options())) {
        putTwoInLockstep(root, put);
        throw new UploadFailed();   // closing the streams without doneWriting() cancels the call
      }
    } catch (UploadFailed expected) {
      expect(expected.getSuppressed().length == 0, "closing the cancelled upload threw "
          + Arrays.toString(expected.getSuppressed()));
    }
  }

  /** Writes the two upload batches, each with its number as metadata, reading each acknowledgement. */
  private static void putTwoInLockstep(VectorSchemaRoot root, DoPutStreams put) {
    for (int b = 0; b < 2; b++) {
      fillPut(root, b);
      put.writer().writeWithMetadata(root, Integer.toString(b).getBytes(UTF_8));
      byte[] ack = put.reader().read();
      expect(Arrays.equals(ack, Integer.toString(b).getBytes(UTF_8)),
          "PutResult after batch " + b + ": " + text(ack) + ", expected " + b);
    }
  }

  private StoredTable buildPutTable() {
    List<VectorSchemaRoot> roots = new ArrayList<>();
    for (int b = 0; b < 2; b++) {
      VectorSchemaRoot root = VectorSchemaRoot.create(PUT_SCHEMA, allocator);
      roots.add(root);
      fillPut(root, b);
    }
    return StoredTable.ofRoots(PUT_SCHEMA, roots);
  }

  void doPutRejected() {
    Schema schema = new Schema(List.of(Field.nullable("id", new ArrowType.Int(64, true))));
    expectError(FlightInvalidArgumentError.class, "rejected: reject/x", "DoPut reject/x", () -> {
      try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
        root.allocateNew();
        BigIntVector id = (BigIntVector) root.getVector("id");
        for (int i = 0; i < 3; i++) {
          id.setSafe(i, i + 1);
        }
        root.setRowCount(3);
        if (async) {
          DoPutStreams put = AsyncStreams.await(
              client.doPutAsync(FlightDescriptor.forPath("reject", "x"), schema, options(), null));
          try {
            AsyncStreams.await(AsyncStreams.writeFromOnReady(put, schema, null, List.of(root)));
          } finally {
            put.close();
          }
          return;
        }
        DoPutStreams put = client.doPut(FlightDescriptor.forPath("reject", "x"), schema, options());
        try {
          put.writer().writeBatch(root);
          put.writer().doneWriting();
        } finally {
          put.close(); // the call's status surfaces here at the latest
        }
      }
    });
  }

  static final Schema X_SCHEMA = new Schema(List.of(Field.nullable("x", new ArrowType.Int(32, true))));

  void doExchangeEcho() {
    try (DoExchangeStreams ex = client.doExchange(FlightDescriptor.forCommand("echo"), options());
        VectorSchemaRoot root = VectorSchemaRoot.create(X_SCHEMA, allocator)) {
      FlightStreamWriter w = ex.writer();
      FlightStreamReader r = ex.reader();
      w.begin(X_SCHEMA);
      for (int b = 0; b < 4; b++) {
        root.allocateNew();
        IntVector x = (IntVector) root.getVector("x");
        for (int i = 0; i < 10; i++) {
          x.setSafe(i, b * 10 + i);
        }
        root.setRowCount(10);
        byte[] md = b == 0 || b == 2 ? Integer.toString(b).getBytes(UTF_8) : null;
        w.writeWithMetadata(root, md);
        FlightStreamChunk c = r.readChunk();
        expect(c != null, "the stream ended instead of echoing batch " + b);
        expect(c.data() != null, "echo of batch " + b + " has no data (metadata " + text(c.appMetadata()) + ")");
        expect(c.data().getRowCount() == 10, "echo of batch " + b + " has " + c.data().getRowCount() + " rows");
        IntVector gx = (IntVector) c.data().getVector("x");
        for (int i = 0; i < 10; i++) {
          expect(!gx.isNull(i) && gx.get(i) == b * 10 + i,
              "echo of batch " + b + " row " + i + " is " + gx.getObject(i));
        }
        expect(Arrays.equals(md, c.appMetadata()),
            "echo of batch " + b + ": app_metadata " + text(c.appMetadata()) + ", expected " + text(md));
        if (b == 0) {
          String d = schemaCheck(X_SCHEMA, r.schema());
          expect(d == null, "response schema: " + d);
        }
      }
      w.writeMetadata("meta-only".getBytes(UTF_8));
      FlightStreamChunk c = r.readChunk();
      expect(c != null, "the stream ended instead of echoing the metadata-only message");
      expect(c.data() == null && "meta-only".equals(text(c.appMetadata())),
          "echo of metadata-only message: " + c + " metadata " + text(c.appMetadata()));
      w.doneWriting();
      FlightStreamChunk extra = r.readChunk();
      expect(extra == null, "stream did not end after done writing: got " + extra);
    }
  }

  void listActions() {
    List<ActionType> got = call(() -> client.listActionsAsync(options()), () -> client.listActions(options()).toList());
    expect(got.equals(ConformanceServer.ACTIONS), "actions " + got + ", expected " + ConformanceServer.ACTIONS);
  }

  void doAction() {
    List<String> echo = action("echo", "ping");
    expect(echo.equals(List.of("ping")), "echo ping -> " + echo);
    List<String> count = action("count", "3");
    expect(count.equals(List.of("0", "1", "2")), "count 3 -> " + count);
  }

  void headers() {
    FlightCallOptions opts = FlightCallOptions.builder()
        .timeout(CALL_TIMEOUT)
        .header("x-one", "1")
        .header("x-two-bin", new byte[] {0x00, 0x01, (byte) 0xff})
        .build();
    List<String> results = actionResults(new Action("headers"), opts).stream().map(Result::bodyAsString)
        .collect(Collectors.toList());
    List<String> ours = results.stream()
        .filter(s -> s.startsWith("x-one:") || s.startsWith("x-two-bin:"))
        .collect(Collectors.toList());
    expect(ours.equals(List.of("x-one: 1", "x-two-bin: 0001ff")), "headers action returned " + results);
  }

  void errors() {
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (Map.Entry<String, Map.Entry<Class<? extends FlightError>, Integer>> e : ERROR_KINDS.entrySet()) {
      String kind = e.getKey();
      if (skipErrorKinds.contains(kind)) {
        continue;
      }
      checked++;
      String message = "msg " + kind + " ü%";
      FlightDescriptor d = FlightDescriptor.forCommand("error:" + kind + ":" + message);
      try {
        FlightError err = expectError(e.getValue().getKey(), message, kind, () -> flightInfo(d));
        expect(err.grpcCode() == e.getValue().getValue(),
            kind + ": gRPC status " + err.grpcCode() + ", expected " + e.getValue().getValue());
      } catch (AssertionError f) {
        problems.add(f.getMessage());
      }
    }
    expect(problems.isEmpty(), String.join("; ", problems));
    if (checked == 0) {
      throw new TestAbortedException("every error kind is skipped");
    }
  }

  void errorMidStream() {
    if (async) {
      List<Long> values = new ArrayList<>();
      dev.flightwire.testing.ChunkSubscriber s = new dev.flightwire.testing.ChunkSubscriber(c -> {
        expect(c.data() != null, "metadata-only message after " + values.size() + " batches");
        expect(c.data().getRowCount() == 1, "batch " + values.size() + ": " + c.data().contentToTSVString());
        values.add(((BigIntVector) c.data().getVector("v")).get(0));
        return true;
      });
      client.doGetAsync(Ticket.of("error_after:2"), options()).subscribe(s);
      expectError(FlightUnavailableError.class, "failed after 2 batches", "the stream after its batches",
          () -> AsyncStreams.await(s.done));
      expect(values.equals(List.of(0L, 1L)), "batches before the error: v = " + values + ", expected [0, 1]");
      return;
    }
    try (FlightStreamReader r = client.doGet(Ticket.of("error_after:2"), options())) {
      for (int i = 0; i < 2; i++) {
        FlightStreamChunk c = r.readChunk();
        expect(c != null && c.data() != null, "batch " + i + " missing: " + c);
        BigIntVector v = (BigIntVector) c.data().getVector("v");
        expect(c.data().getRowCount() == 1 && v.get(0) == i, "batch " + i + ": " + c.data().contentToTSVString());
      }
      expectError(FlightUnavailableError.class, "failed after 2 batches", "third read", () -> {
        FlightStreamChunk c = r.readChunk();
        throw new AssertionError("third read returned " + c + " instead of failing");
      });
    }
  }

  void timeout() {
    long t0 = System.nanoTime();
    expectError(FlightTimedOutError.class, null, "sleep 3000 with a 300 ms timeout",
        () -> actionResults(Action.of("sleep", "3000"), FlightCallOptions.timeout(Duration.ofMillis(300))));
    long ms = (System.nanoTime() - t0) / 1_000_000L;
    expect(ms < 2500, "timed out only after " + ms + " ms");
  }

  void cancel() {
    if (async) {
      int[] read = {0};
      dev.flightwire.testing.ChunkSubscriber s = new dev.flightwire.testing.ChunkSubscriber(c -> {
        expect(c.data() != null, "batch " + read[0] + " missing: " + c);
        BigIntVector v = (BigIntVector) c.data().getVector("v");
        expect(v.get(0) == read[0], "batch " + read[0] + ": v = " + v.getObject(0));
        return ++read[0] < 2; // then the subscription is cancelled, and with it the call
      });
      client.doGetAsync(Ticket.of("slow:100:50"), options()).subscribe(s);
      AsyncStreams.await(s.done);
      expect(read[0] == 2, "the stream ended after " + read[0] + " batches");
    } else {
      cancelReader();
    }
    List<String> result = action("last_cancelled", "");
    expect(result.equals(List.of("true")), "last_cancelled -> " + result);
  }

  private void cancelReader() {
    try (FlightStreamReader r = client.doGet(Ticket.of("slow:100:50"), options())) {
      for (int i = 0; i < 2; i++) {
        FlightStreamChunk c = r.readChunk();
        expect(c != null && c.data() != null, "batch " + i + " missing: " + c);
        BigIntVector v = (BigIntVector) c.data().getVector("v");
        expect(v.get(0) == i, "batch " + i + ": v = " + v.getObject(0));
      }
      r.cancel();
    }
  }

  private List<String> typeNames() throws Exception {
    if (dataDir == null) {
      throw new TestAbortedException("needs --data-dir");
    }
    List<String> names = ConformanceServer.dataFileNames(dataDir);
    expect(!names.isEmpty(), "no .arrows files in " + dataDir);
    return names;
  }

  void typesGet() throws Exception {
    List<String> problems = new ArrayList<>();
    for (String name : typeNames()) {
      try (StoredTable local = StoredTable.readFile(dataDir.resolve(name + ".arrows"), allocator)) {
        String d;
        try (StoredTable remote = readStoredTable("types/" + name)) {
          d = TableDiff.difference(remote, local, true);
        } catch (Exception | AssertionError e) {
          d = describe(e);
        }
        if (d != null) {
          problems.add(name + ": " + d);
        }
      }
    }
    expect(problems.isEmpty(), String.join("; ", problems));
  }

  void typesPut() throws Exception {
    List<String> problems = new ArrayList<>();
    for (String name : typeNames()) {
      String key = "uploads/types-" + name;
      try (StoredTable local = StoredTable.readFile(dataDir.resolve(name + ".arrows"), allocator)) {
        String d = null;
        try {
          if (async) {
            DoPutStreams put = AsyncStreams.await(
                client.doPutAsync(FlightDescriptor.forPath(key.split("/")), local.schema, options(), null));
            try {
              AsyncStreams.await(AsyncStreams.writeFromOnReady(put, local.schema, local.dictionaries, local.batches));
            } finally {
              put.close();
            }
          } else {
            try (DoPutStreams put = client.doPut(FlightDescriptor.forPath(key.split("/")), local.schema, options())) {
              put.writer().begin(local.schema, local.dictionaries);
              for (VectorSchemaRoot b : local.batches) {
                put.writer().writeBatch(b);
              }
              put.complete();
            }
          }
          List<String> result = action("compare", key + "|types/" + name);
          if (!result.equals(List.of("ok"))) {
            d = "compare returned " + result;
          }
          if (d == null) {
            try (StoredTable got = readStoredTable(key)) {
              d = TableDiff.difference(got, local, true);
              d = d == null ? null : "DoGet of the upload: " + d;
            }
          }
        } catch (Exception | AssertionError e) {
          d = describe(e);
        }
        if (d != null) {
          problems.add(name + ": " + d);
        }
      }
    }
    expect(problems.isEmpty(), String.join("; ", problems));
  }

  void concurrent() throws Exception {
    if (async) {
      // every call at once from this thread: the client's callback executor delivers them all
      List<CompletableFuture<AsyncStreams.Published>> streams = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        streams.add(publish("test/ints", noMetadataOnly("DoGet test/ints")));
      }
      List<String> problems = new ArrayList<>();
      for (int i = 0; i < streams.size(); i++) {
        String d;
        try (StoredTable t = published("test/ints", streams.get(i));
            StoredTable expected = ConformanceServer.makeInts(allocator)) {
          d = TableDiff.difference(t, expected, true);
        } catch (Exception | AssertionError e) {
          d = describe(e);
        }
        if (d != null) {
          problems.add("DoGet #" + i + ": " + d);
        }
      }
      expect(problems.isEmpty(), String.join("; ", problems));
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        futures.add(pool.submit(() -> {
          try (StoredTable t = readTable("test/ints", noMetadataOnly("DoGet test/ints"));
              StoredTable expected = ConformanceServer.makeInts(allocator)) {
            return TableDiff.difference(t, expected, true);
          } catch (Exception | AssertionError e) {
            return describe(e);
          }
        }));
      }
      List<String> problems = new ArrayList<>();
      for (int i = 0; i < futures.size(); i++) {
        String d;
        try {
          d = futures.get(i).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
          d = describe(e);
        }
        if (d != null) {
          problems.add("DoGet #" + i + ": " + d);
        }
      }
      expect(problems.isEmpty(), String.join("; ", problems));
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  // ---------------------------------------------------------------- command line

  /**
   * {@code --port P [--host H] [--data-dir D] [--check NAME]... [--skip-error-kind KIND]... [--async] | --list}:
   * prints one {@code PASS <name>}, {@code FAIL <name>: <reason>} or {@code SKIP <name>: <reason>}
   * line per check; exits 1 when a check failed.
   */
  public static void main(String[] args) throws Exception {
    String host = "localhost";
    int port = -1;
    Path dataDir = null;
    List<String> checks = new ArrayList<>();
    Set<String> skipKinds = new HashSet<>();
    boolean verbose = false;
    Mode mode = Mode.BLOCKING;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port": port = Integer.parseInt(args[++i]); break;
        case "--host": host = args[++i]; break;
        case "--data-dir": dataDir = Paths.get(args[++i]); break;
        case "--check": checks.add(args[++i]); break;
        case "--skip-error-kind": skipKinds.add(args[++i]); break;
        case "--verbose": verbose = true; break;
        case "--async": mode = Mode.ASYNC; break;
        case "--list":
          NAMES.forEach(System.out::println);
          System.exit(0);
          return;
        default:
          System.err.println("usage: ConformanceChecks --port P [--host H] [--data-dir D] [--check NAME]..."
              + " [--skip-error-kind KIND]... [--async] [--verbose] | --list");
          System.exit(2);
          return;
      }
    }
    if (port < 0) {
      System.err.println("--port is required");
      System.exit(2);
    }
    if (checks.isEmpty()) {
      checks.addAll(NAMES);
    }
    boolean failed = false;
    try (BufferAllocator root = new RootAllocator()) {
      for (String name : checks) {
        try {
          run(name, host, port, dataDir, root, skipKinds, mode);
          System.out.println("PASS " + name);
        } catch (TestAbortedException e) {
          System.out.println("SKIP " + name + ": " + e.getMessage());
        } catch (Throwable t) {
          failed = true;
          String reason = t instanceof AssertionError ? t.getMessage() : describe(t);
          System.out.println("FAIL " + name + ": " + String.valueOf(reason).replace('\n', ' '));
          if (verbose) {
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            System.err.println(sw);
          }
        }
        System.out.flush();
      }
    }
    System.exit(failed ? 1 : 0);
  }
}
