package dev.flightwire.interop;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.flightwire.Action;
import dev.flightwire.ActionType;
import dev.flightwire.Criteria;
import dev.flightwire.FlightAlreadyExistsError;
import dev.flightwire.FlightCancelledError;
import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightError;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInternalError;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightMetadataWriter;
import dev.flightwire.FlightNotFoundError;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightServerError;
import dev.flightwire.FlightStreamChunk;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.FlightStreamWriter;
import dev.flightwire.FlightTimedOutError;
import dev.flightwire.FlightUnauthenticatedError;
import dev.flightwire.FlightUnauthorizedError;
import dev.flightwire.FlightUnavailableError;
import dev.flightwire.FlightUnimplementedError;
import dev.flightwire.GeneratorStream;
import dev.flightwire.Location;
import dev.flightwire.Result;
import dev.flightwire.SchemaResult;
import dev.flightwire.ServerCallContext;
import dev.flightwire.Ticket;
import dev.flightwire.auth.AuthReader;
import dev.flightwire.auth.AuthSender;
import dev.flightwire.auth.ServerAuthHandler;
import dev.flightwire.testing.Int64Data;
import dev.flightwire.testing.NettyLeakGuard;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The conformance service of wire-tests/CONTRACT.md on flightwire.
 *
 * <p>{@link #start} runs it in-process; {@link #main} runs it as a peer process
 * ({@code --port P --data-dir D}, prints {@code Server listening on localhost:<port>}, serves until
 * stdin reaches EOF or the JVM is told to stop). Its handlers are the blocking ones;
 * {@link AsyncConformanceServer} is the same service answered through the asynchronous handlers
 * ({@link #startAsync}, {@code --async}).
 */
public class ConformanceServer extends FlightServerBase implements AutoCloseable {
  static final Schema INTS_SCHEMA = new Schema(List.of(
      Field.notNullable("id", new ArrowType.Int(64, true)),
      Field.nullable("name", ArrowType.Utf8.INSTANCE)));
  static final Schema V_SCHEMA = new Schema(List.of(Field.notNullable("v", new ArrowType.Int(64, true))));
  static final String INTS_KEY = "test/ints";

  static final List<ActionType> ACTIONS = List.of(
      new ActionType("echo", "Return the body"),
      new ActionType("headers", "Return the request headers"),
      new ActionType("last_cancelled", "Whether the last slow DoGet saw cancellation"),
      new ActionType("compare", "Compare two stored tables"),
      new ActionType("sleep", "Sleep for <body> ms, then answer"),
      new ActionType("error", "Fail with <body> = kind:message"),
      new ActionType("count", "Return <body> results"));

  /** How long last_cancelled waits for the slow DoGet to notice its cancellation. */
  private static final long CANCEL_POLL_NANOS = 5_000_000_000L;

  private final BufferAllocator allocator;
  private final Object lock = new Object();
  private final Map<String, StoredTable> tables = new TreeMap<>();
  /** Tables replaced by a DoPut: a DoGet may still stream them, so they are freed at close. */
  private final List<StoredTable> retired = new ArrayList<>();
  private SlowCall lastSlow;
  private boolean closed;

  /** What the most recent {@code slow:} DoGet observed. */
  private static final class SlowCall {
    volatile boolean cancelled;
    volatile boolean completed;
  }

  /**
   * A service holding {@code test/ints} and, when {@code dataDir} is not null, every
   * {@code <name>.arrows} file of it as {@code types/<name>}. Tables are allocated from
   * {@code allocator}; {@link #close()} frees them.
   */
  public ConformanceServer(BufferAllocator allocator, Path dataDir) throws IOException {
    this.allocator = allocator;
    boolean ok = false;
    try {
      tables.put(INTS_KEY, makeInts(allocator));
      if (dataDir != null) {
        for (String name : dataFileNames(dataDir)) {
          tables.put("types/" + name, StoredTable.readFile(dataDir.resolve(name + ".arrows"), allocator));
        }
      }
      ok = true;
    } finally {
      if (!ok) {
        close();
      }
    }
  }

  /** The {@code <name>} of every {@code <name>.arrows} file of a data directory, sorted. */
  static List<String> dataFileNames(Path dataDir) throws IOException {
    try (Stream<Path> files = Files.list(dataDir)) {
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".arrows"))
          .map(n -> n.substring(0, n.length() - ".arrows".length()))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  /** {@code test/ints}: 3 batches of 10 rows, row i = (i, "row-i"). */
  static StoredTable makeInts(BufferAllocator allocator) {
    List<VectorSchemaRoot> roots = new ArrayList<>();
    try {
      for (int b = 0; b < 3; b++) {
        VectorSchemaRoot root = VectorSchemaRoot.create(INTS_SCHEMA, allocator);
        roots.add(root);
        root.allocateNew();
        BigIntVector id = (BigIntVector) root.getVector("id");
        VarCharVector name = (VarCharVector) root.getVector("name");
        for (int r = 0; r < 10; r++) {
          int i = b * 10 + r;
          id.setSafe(r, i);
          name.setSafe(r, ("row-" + i).getBytes(UTF_8));
        }
        root.setRowCount(10);
      }
      return StoredTable.ofRoots(INTS_SCHEMA, roots);
    } catch (RuntimeException e) {
      roots.forEach(VectorSchemaRoot::close);
      throw e;
    }
  }

  /** Frees every table. Call after the server serving this service has shut down. */
  @Override
  public void close() {
    List<StoredTable> all;
    synchronized (lock) {
      closed = true;
      all = new ArrayList<>(tables.values());
      all.addAll(retired);
      tables.clear();
      retired.clear();
    }
    all.forEach(StoredTable::close);
  }

  // ---------------------------------------------------------------- helpers

  private StoredTable table(String key) {
    synchronized (lock) {
      StoredTable t = tables.get(key);
      if (t == null) {
        throw new FlightNotFoundError("unknown path: " + key);
      }
      return t;
    }
  }

  private static String pathKey(FlightDescriptor d) {
    if (!d.isPath()) {
      throw new FlightInvalidArgumentError("a PATH descriptor is required");
    }
    return String.join("/", d.path());
  }

  private static FlightInfo info(String key, StoredTable t) {
    FlightEndpoint endpoint = new FlightEndpoint(new Ticket(key.getBytes(UTF_8)));
    return new FlightInfo(t.messageSchema(), FlightDescriptor.forPath(key.split("/", -1)), List.of(endpoint),
        t.rows(), -1, false, null);
  }

  /** The error for {@code <kind>:<message>}; an unknown kind is itself INVALID_ARGUMENT. */
  static FlightError error(String kindAndMessage) {
    int colon = kindAndMessage.indexOf(':');
    String kind = colon < 0 ? kindAndMessage : kindAndMessage.substring(0, colon);
    String message = colon < 0 ? "" : kindAndMessage.substring(colon + 1);
    switch (kind) {
      case "unauthenticated":
        return new FlightUnauthenticatedError(message);
      case "unauthorized":
        return new FlightUnauthorizedError(message);
      case "unavailable":
        return new FlightUnavailableError(message);
      case "timed_out":
        return new FlightTimedOutError(message);
      case "cancelled":
        return new FlightCancelledError(message);
      case "internal":
        return new FlightInternalError(message);
      case "server_error":
        return new FlightServerError(message);
      case "invalid":
        return new FlightInvalidArgumentError(message);
      case "not_found":
        return new FlightNotFoundError(message);
      case "unimplemented":
        return new FlightUnimplementedError(message);
      case "already_exists":
        return new FlightAlreadyExistsError(message);
      default:
        return new FlightInvalidArgumentError("unknown error kind: " + kind);
    }
  }

  private static long parseLong(String text, String what) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new FlightInvalidArgumentError("bad " + what + ": " + text);
    }
  }

  /** Sleeps {@code ms}, in small steps; stops early (CANCELLED) when the call is cancelled. */
  private static void sleep(ServerCallContext context, long ms) {
    long until = System.nanoTime() + ms * 1_000_000L;
    try {
      while (true) {
        if (context != null && context.isCancelled()) {
          throw new FlightCancelledError("the call was cancelled");
        }
        long left = until - System.nanoTime();
        if (left <= 0) {
          return;
        }
        Thread.sleep(Math.max(1, Math.min(10, left / 1_000_000L)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FlightCancelledError("interrupted");
    }
  }

  // ---------------------------------------------------------------- metadata RPCs

  @Override
  public Iterable<FlightInfo> listFlights(ServerCallContext context, Criteria criteria) {
    synchronized (lock) {
      List<FlightInfo> out = new ArrayList<>();
      for (Map.Entry<String, StoredTable> e : tables.entrySet()) {
        out.add(info(e.getKey(), e.getValue()));
      }
      return out;
    }
  }

  @Override
  public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
    if (descriptor.isCommand()) {
      String command = new String(descriptor.command(), UTF_8);
      if (command.startsWith("error:")) {
        throw error(command.substring("error:".length()));
      }
      if (command.startsWith("sleep:")) {
        sleep(context, parseLong(command.substring("sleep:".length()), "sleep time"));
        return info(INTS_KEY, table(INTS_KEY));
      }
      throw new FlightInvalidArgumentError("unknown command: " + command);
    }
    String key = pathKey(descriptor);
    return info(key, table(key));
  }

  @Override
  public SchemaResult getSchema(ServerCallContext context, FlightDescriptor descriptor) {
    if (descriptor.isCommand()) {
      return new SchemaResult(getFlightInfo(context, descriptor).schema());
    }
    return new SchemaResult(table(pathKey(descriptor)).messageSchema());
  }

  // ---------------------------------------------------------------- DoGet

  @Override
  public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
    String text = ticket.asString();
    StoredTable stored;
    synchronized (lock) {
      stored = tables.get(text);
    }
    if (stored != null) {
      return stored.stream();
    }
    int colon = text.indexOf(':');
    String kind = colon < 0 ? text : text.substring(0, colon);
    String rest = colon < 0 ? "" : text.substring(colon + 1);
    switch (kind) {
      case "slow": {
        String[] parts = rest.split(":", -1);
        if (parts.length != 2) {
          throw new FlightInvalidArgumentError("slow ticket must be slow:<n>:<ms>, got " + text);
        }
        return slow(context, parseLong(parts[0], "count"), parseLong(parts[1], "delay"));
      }
      case "metadata":
        return vBatches(parseLong(rest, "count"), true, false);
      case "error_after":
        return vBatches(parseLong(rest, "count"), false, true);
      case "error":
        throw error(rest);
      case "int64": {
        // flightwire extra (not in the contract): a large stream made afresh for each call, so the
        // server's allocator shows every batch the call still holds (NetworkChaosTest)
        String[] parts = rest.split(":", -1);
        if (parts.length != 2) {
          throw new FlightInvalidArgumentError("int64 ticket must be int64:<batches>:<rows>, got " + text);
        }
        return int64Batches(parseLong(parts[0], "batches"), (int) parseLong(parts[1], "rows"));
      }
      default:
        throw new FlightNotFoundError("unknown ticket: " + text);
    }
  }

  /** A generator over one root of V_SCHEMA, refilled with row {@code v = i} for each batch. */
  private abstract class VGenerator implements Iterator<FlightStreamChunk>, AutoCloseable {
    final VectorSchemaRoot root = VectorSchemaRoot.create(V_SCHEMA, allocator);
    long next;

    FlightStreamChunk fill(long i, byte[] metadata) {
      root.allocateNew();
      ((BigIntVector) root.getVector("v")).setSafe(0, i);
      root.setRowCount(1);
      return FlightStreamChunk.of(root, metadata);
    }

    @Override
    public void close() {
      root.close();
    }
  }

  private FlightDataStream vBatches(long n, boolean metadata, boolean failAtEnd) {
    return new GeneratorStream(V_SCHEMA, new VGenerator() {
      @Override
      public boolean hasNext() {
        if (next < n) {
          return true;
        }
        if (failAtEnd) {
          throw new FlightUnavailableError("failed after " + n + " batches");
        }
        return false;
      }

      @Override
      public FlightStreamChunk next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        long i = next++;
        return fill(i, metadata ? ("m" + i).getBytes(UTF_8) : null);
      }
    });
  }

  /** {@code batches} batches of {@link Int64Data} ({@code n} counting from 0), each allocated when it is sent. */
  private FlightDataStream int64Batches(long batches, int rows) {
    return new GeneratorStream(Int64Data.SCHEMA, new Iterator<FlightStreamChunk>() {
      private long next;

      @Override
      public boolean hasNext() {
        return next < batches;
      }

      @Override
      public FlightStreamChunk next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return FlightStreamChunk.owning(Int64Data.batch(allocator, rows * next++, rows), null);
      }
    });
  }

  private FlightDataStream slow(ServerCallContext context, long n, long delayMs) {
    SlowCall call = new SlowCall();
    synchronized (lock) {
      lastSlow = call;
    }
    context.onCancel(() -> {
      if (!call.completed) {
        call.cancelled = true;
      }
    });
    return new GeneratorStream(V_SCHEMA, new VGenerator() {
      private boolean ready;
      private boolean done;

      /** Waits the delay before batch {@code next}; false when the call is cancelled or all was sent. */
      @Override
      public boolean hasNext() {
        if (done) {
          return false;
        }
        if (ready) {
          return true;
        }
        if (next >= n || !waitDelay()) {
          finish();
          return false;
        }
        ready = true;
        return true;
      }

      private boolean waitDelay() {
        long until = System.nanoTime() + delayMs * 1_000_000L;
        while (true) {
          if (context.isCancelled()) {
            call.cancelled = true;
            return false;
          }
          long left = until - System.nanoTime();
          if (left <= 0) {
            return true;
          }
          try {
            Thread.sleep(Math.max(1, Math.min(10, left / 1_000_000L)));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancelled = context.isCancelled();
            return false;
          }
        }
      }

      private void finish() {
        done = true;
        if (context.isCancelled()) {
          call.cancelled = true;
        }
        call.completed = true;
      }

      @Override
      public FlightStreamChunk next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        ready = false;
        return fill(next++, null);
      }

      @Override
      public void close() {
        // the server closes the stream also when the call was cancelled between batches
        if (!done) {
          finish();
        }
        super.close();
      }
    });
  }

  private boolean lastCancelled() {
    SlowCall call;
    synchronized (lock) {
      call = lastSlow;
    }
    if (call == null) {
      return false;
    }
    long deadline = System.nanoTime() + CANCEL_POLL_NANOS;
    while (System.nanoTime() < deadline) {
      if (call.cancelled) {
        return true;
      }
      if (call.completed) {
        return call.cancelled;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return call.cancelled;
  }

  // ---------------------------------------------------------------- DoPut / DoExchange

  @Override
  public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
      FlightMetadataWriter writer) {
    String key = pathKey(descriptor);
    boolean reject = key.startsWith("reject/");
    StoredTable upload = StoredTable.read(reader, allocator, (index, hasData, metadata) -> {
      if (metadata != null) {
        writer.write(metadata);
      }
      if (reject && hasData) {
        throw new FlightInvalidArgumentError("rejected: " + key);
      }
    });
    if (reject) {
      upload.close();
      throw new FlightInvalidArgumentError("rejected: " + key);
    }
    StoredTable old;
    synchronized (lock) {
      if (closed) {
        upload.close();
        throw new FlightUnavailableError("the server is shutting down");
      }
      old = tables.put(key, upload);
      if (old != null) {
        retired.add(old);
      }
    }
  }

  @Override
  public void doExchange(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
      FlightStreamWriter writer) {
    if (!descriptor.isCommand() || !"echo".equals(new String(descriptor.command(), UTF_8))) {
      throw new FlightInvalidArgumentError("unknown exchange: " + descriptor);
    }
    boolean begun = false;
    try {
      // answer the request schema as soon as it arrives (metadata sent before it is queued by the reader)
      writer.begin(reader.schema(), reader.dictionaries());
      begun = true;
    } catch (FlightInternalError e) {
      // the stream ended without a schema: echo what metadata came, then end; a real failure of
      // the call is thrown again by the next read
    }
    FlightStreamChunk c;
    while ((c = reader.readChunk()) != null) {
      if (c.data() != null) {
        if (!begun) {
          writer.begin(reader.schema(), reader.dictionaries());
          begun = true;
        }
        writer.writeWithMetadata(c.data(), c.appMetadata());
      } else if (c.appMetadata() != null) {
        writer.writeMetadata(c.appMetadata());
      }
    }
  }

  // ---------------------------------------------------------------- actions

  @Override
  public Iterable<ActionType> listActions(ServerCallContext context) {
    return ACTIONS;
  }

  @Override
  public Iterable<Result> doAction(ServerCallContext context, Action action) {
    String body = action.bodyAsString();
    switch (action.type()) {
      case "echo":
        return List.of(new Result(action.body()));
      case "headers":
        return headers(context);
      case "last_cancelled":
        return List.of(Result.of(Boolean.toString(lastCancelled())));
      case "compare":
        return List.of(Result.of(compare(body)));
      case "sleep":
        sleep(context, parseLong(body, "sleep time"));
        return List.of(Result.of("slept"));
      case "error":
        throw error(body);
      case "count": {
        long n = parseLong(body, "count");
        List<Result> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
          out.add(Result.of(Long.toString(i)));
        }
        return out;
      }
      default:
        throw new FlightUnimplementedError("unknown action: " + action.type());
    }
  }

  private static List<Result> headers(ServerCallContext context) {
    // flightwire extra (not in the contract): response metadata, checked by the raw gRPC clients
    context.addHeader("x-flightwire-header", "h1");
    context.addHeader("x-flightwire-header-bin", new byte[] {0, 1, (byte) 0xfe});
    context.addTrailer("x-flightwire-trailer", "t1");
    List<String> names = context.headers().keys().stream().filter(k -> k.startsWith("x-")).sorted()
        .collect(Collectors.toList());
    List<Result> out = new ArrayList<>();
    for (String name : names) {
      if (name.endsWith("-bin")) {
        for (byte[] value : context.headers().getAllBytes(name)) {
          out.add(Result.of(name + ": " + hex(value)));
        }
      } else {
        for (String value : context.headers().getAll(name)) {
          out.add(Result.of(name + ": " + value));
        }
      }
    }
    return out;
  }

  static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      sb.append(String.format("%02x", b & 0xff));
    }
    return sb.toString();
  }

  private String compare(String body) {
    int bar = body.indexOf('|');
    if (bar < 0) {
      throw new FlightInvalidArgumentError("compare body must be <keyA>|<keyB>, got '" + body + "'");
    }
    String keyA = body.substring(0, bar);
    String keyB = body.substring(bar + 1);
    // both tables stay open: tables are only freed at close, after the server stopped
    StoredTable a = table(keyA);
    StoredTable b = table(keyB);
    String d = TableDiff.difference(a, b, false);
    if (d != null) {
      throw new FlightInvalidArgumentError(keyA + " and " + keyB + " differ: " + d);
    }
    return "ok";
  }

  // ---------------------------------------------------------------- running it

  /** Handshake: answers each payload p with "echo:" + p; any token (or none) is accepted. */
  static final class EchoAuth implements ServerAuthHandler {
    @Override
    public void authenticate(AuthSender outgoing, AuthReader incoming) {
      byte[] payload;
      while ((payload = incoming.read()) != null) {
        byte[] prefix = "echo:".getBytes(UTF_8);
        byte[] answer = Arrays.copyOf(prefix, prefix.length + payload.length);
        System.arraycopy(payload, 0, answer, prefix.length, payload.length);
        outgoing.write(answer);
      }
    }

    @Override
    public String isValid(byte[] token) {
      return "";
    }
  }

  /** A running conformance server; {@link #close()} stops it and frees everything it allocated. */
  public static final class Handle implements AutoCloseable {
    private final BufferAllocator allocator;
    private final ConformanceServer service;
    private final FlightServer server;

    private Handle(BufferAllocator allocator, ConformanceServer service, FlightServer server) {
      this.allocator = allocator;
      this.service = service;
      this.server = server;
    }

    public int port() {
      return server.port();
    }

    public Location location() {
      return Location.forGrpcTcp("localhost", port());
    }

    public ConformanceServer service() {
      return service;
    }

    /**
     * Shuts the server down (calls still running get 1 s), frees the tables and closes the
     * server's child allocator, which throws if anything leaked.
     */
    @Override
    public void close() {
      try {
        server.shutdown(Duration.ofSeconds(1));
      } finally {
        try {
          service.close();
        } finally {
          allocator.close();
        }
      }
    }
  }

  /**
   * Starts the service on 127.0.0.1 (a free port) with the echo handshake. Allocates from a child
   * of {@code allocator}, closed by {@link Handle#close()}.
   */
  public static Handle start(BufferAllocator allocator, Path dataDirOrNull) throws IOException {
    return start(allocator, dataDirOrNull, 0);
  }

  /**
   * As {@link #start(BufferAllocator, Path)}, with {@code options} applied to the server's builder
   * (a smaller message limit, for example) before it starts.
   */
  public static Handle start(BufferAllocator allocator, Path dataDirOrNull, Consumer<FlightServer.Builder> options)
      throws IOException {
    return start(allocator, dataDirOrNull, 0, options);
  }

  /**
   * As {@link #start(BufferAllocator, Path)}, serving {@link AsyncConformanceServer}: the same
   * service with GetFlightInfo, GetSchema and DoGet answered by the asynchronous handlers.
   */
  public static Handle startAsync(BufferAllocator allocator, Path dataDirOrNull) throws IOException {
    return start(allocator, dataDirOrNull, 0, b -> { }, true);
  }

  static Handle start(BufferAllocator allocator, Path dataDirOrNull, int port) throws IOException {
    return start(allocator, dataDirOrNull, port, b -> { });
  }

  static Handle start(BufferAllocator allocator, Path dataDirOrNull, int port, Consumer<FlightServer.Builder> options)
      throws IOException {
    return start(allocator, dataDirOrNull, "127.0.0.1", port, options, false);
  }

  static Handle start(BufferAllocator allocator, Path dataDirOrNull, int port, Consumer<FlightServer.Builder> options,
      boolean async) throws IOException {
    return start(allocator, dataDirOrNull, "127.0.0.1", port, options, async);
  }

  /** Listens on {@code host}; {@code async} serves {@link AsyncConformanceServer} instead of the blocking handlers. */
  static Handle start(BufferAllocator allocator, Path dataDirOrNull, String host, int port,
      Consumer<FlightServer.Builder> options, boolean async) throws IOException {
    BufferAllocator child = allocator.newChildAllocator("conformance-server", 0, Long.MAX_VALUE);
    ConformanceServer service = null;
    try {
      service = async ? new AsyncConformanceServer(child, dataDirOrNull) : new ConformanceServer(child, dataDirOrNull);
      FlightServer.Builder builder = FlightServer.builder(child, Location.forGrpcTcp(host, port), service)
          .authHandler(new EchoAuth());
      options.accept(builder);
      FlightServer server = builder.build().start();
      return new Handle(child, service, server);
    } catch (IOException | RuntimeException e) {
      if (service != null) {
        service.close();
      }
      child.close();
      throw e;
    }
  }

  /**
   * {@code --port P --data-dir D [--max-message-size N] [--async] [--host H]}: serves on {@code H}
   * (default 127.0.0.1) until stdin reaches EOF (or the JVM is stopped); {@code --async} serves
   * {@link AsyncConformanceServer}. Each stdin line {@code stats} is answered on stdout with
   * {@code stats calls=<calls running> bytes=<bytes allocated>}. At EOF it stops the server, frees
   * the tables and checks that nothing leaked: Arrow's allocator, and Netty's buffers when
   * {@code RecordingLeakDetector} is installed. A leak is printed as a {@code LEAK ...} line and
   * exits with status 3.
   */
  public static void main(String[] args) throws Exception {
    int port = 0;
    Path dataDir = null;
    int maxMessageSize = 0;
    boolean async = false;
    String host = "127.0.0.1";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port":
          port = Integer.parseInt(args[++i]);
          break;
        case "--data-dir":
          dataDir = Paths.get(args[++i]);
          break;
        case "--max-message-size":
          maxMessageSize = Integer.parseInt(args[++i]);
          break;
        case "--async":
          async = true;
          break;
        case "--host":
          host = args[++i];
          break;
        default:
          System.err.println("usage: ConformanceServer [--port P] [--data-dir D] [--max-message-size N] [--async]"
              + " [--host H]");
          System.exit(2);
      }
    }
    BufferAllocator root = new RootAllocator();
    int limit = maxMessageSize;
    Handle handle = start(root, dataDir, host, port, b -> {
      if (limit > 0) {
        b.maxInboundMessageSize(limit);
      }
    }, async);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        handle.server.shutdown(Duration.ofSeconds(1));
      } catch (RuntimeException ignored) {
        // exiting anyway
      }
    }, "conformance-server-stop"));
    System.out.println("Server listening on localhost:" + handle.port());
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, UTF_8));
    try {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.trim().equals("stats")) {
          System.out.println("stats calls=" + handle.server.activeCalls() + " bytes=" + handle.allocator.getAllocatedMemory());
          System.out.flush();
        }
      }
    } catch (IOException ignored) {
      // stdin is gone: stop
    }
    List<String> leaks = new ArrayList<>();
    try {
      handle.close();
      root.close();
    } catch (RuntimeException e) {
      leaks.add("on close: " + e.getMessage().replace('\n', ' '));
    }
    NettyLeakGuard.collectLeaks().forEach(l -> leaks.add("netty: " + l.replace('\n', ' ')));
    leaks.forEach(l -> System.out.println("LEAK " + l));
    System.out.println(leaks.isEmpty() ? "stopped, nothing leaked" : "stopped, " + leaks.size() + " leak(s)");
    System.out.flush();
    System.exit(leaks.isEmpty() ? 0 : 3);
  }
}
