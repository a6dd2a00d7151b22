package dev.flightwire.peer;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.ActionType;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SyncPutListener;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.auth.ClientAuthHandler;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The conformance client (wire-tests/CONTRACT.md) on Apache Arrow Java flight-core.
 *
 * <p>Usage: {@code PeerClient --port P [--host H] [--data-dir D] [--check NAME]... | --list}.
 */
public final class PeerClient {
  static final List<String> CHECKS =
      List.of(
          "handshake",
          "list_flights",
          "get_flight_info",
          "get_flight_info_not_found",
          "get_schema",
          "do_get",
          "do_get_metadata",
          "do_put",
          "do_put_rejected",
          "do_exchange_echo",
          "list_actions",
          "do_action",
          "headers",
          "errors",
          "error_mid_stream",
          "timeout",
          "cancel",
          "types_get",
          "types_put",
          "concurrent",
          "do_put_cancelled");

  /** Upper bound for one check, so a hanging call shows as a FAIL instead of a stuck run. */
  static final long CHECK_LIMIT_SECONDS = 120;

  static final String STACK = "java";

  /** A check failed; the message is the reason. */
  static final class Fail extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Fail(String reason) {
      super(reason);
    }
  }

  /** The check cannot be expressed with this stack. */
  static final class Skip extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Skip(String reason) {
      super(reason);
    }
  }

  interface Body {
    void run() throws Exception;
  }

  private final BufferAllocator allocator = new RootAllocator(Long.MAX_VALUE);
  private final Location location;
  private final Path dataDir;
  private final FlightClient client;

  PeerClient(String host, int port, Path dataDir) {
    this.location = Location.forGrpcInsecure(host, port);
    this.dataDir = dataDir;
    this.client = FlightClient.builder(allocator, location).build();
  }

  public static void main(String[] args) {
    String host = "localhost";
    Integer port = null;
    Path dataDir = null;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--list":
          CHECKS.forEach(System.out::println);
          System.out.flush();
          System.exit(0);
          break;
        case "--port":
          port = Integer.parseInt(args[++i]);
          break;
        case "--host":
          host = args[++i];
          break;
        case "--data-dir":
          dataDir = Paths.get(args[++i]);
          break;
        case "--check":
          names.add(args[++i]);
          break;
        default:
          usage("unknown argument " + args[i]);
      }
    }
    if (port == null) {
      usage("--port is required");
    }
    if (names.isEmpty()) {
      names.addAll(CHECKS);
    }
    PeerClient peer = new PeerClient(host, port, dataDir);
    boolean failed = false;
    for (String name : names) {
      String line = peer.runCheck(name);
      System.out.println(line);
      System.out.flush();
      failed |= line.startsWith("FAIL");
    }
    System.exit(failed ? 1 : 0);
  }

  private static void usage(String why) {
    System.err.println(why);
    System.err.println(
        "usage: PeerClient --port P [--host H] [--data-dir D] [--check NAME]... | --list");
    System.exit(2);
  }

  private Body check(String name) {
    switch (name) {
      case "handshake":
        return this::handshake;
      case "list_flights":
        return this::listFlights;
      case "get_flight_info":
        return this::getFlightInfo;
      case "get_flight_info_not_found":
        return this::getFlightInfoNotFound;
      case "get_schema":
        return this::getSchema;
      case "do_get":
        return this::doGet;
      case "do_get_metadata":
        return this::doGetMetadata;
      case "do_put":
        return this::doPut;
      case "do_put_rejected":
        return this::doPutRejected;
      case "do_exchange_echo":
        return this::doExchangeEcho;
      case "list_actions":
        return this::listActions;
      case "do_action":
        return this::doAction;
      case "headers":
        return this::headers;
      case "errors":
        return this::errors;
      case "error_mid_stream":
        return this::errorMidStream;
      case "timeout":
        return this::timeout;
      case "cancel":
        return this::cancel;
      case "types_get":
        return this::typesGet;
      case "types_put":
        return this::typesPut;
      case "concurrent":
        return this::concurrent;
      case "do_put_cancelled":
        return this::doPutCancelled;
      default:
        return null;
    }
  }

  String runCheck(String name) {
    Body body = check(name);
    if (body == null) {
      return "FAIL " + name + ": unknown check";
    }
    ExecutorService runner =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "check-" + name);
              t.setDaemon(true);
              return t;
            });
    try {
      Future<?> f =
          runner.submit(
              () -> {
                body.run();
                return null;
              });
      f.get(CHECK_LIMIT_SECONDS, TimeUnit.SECONDS);
      return "PASS " + name;
    } catch (TimeoutException e) {
      return "FAIL " + name + ": did not finish within " + CHECK_LIMIT_SECONDS + " s";
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof Skip) {
        return "SKIP " + name + ": " + oneLine(c.getMessage());
      }
      if (c instanceof Fail) {
        return "FAIL " + name + ": " + oneLine(c.getMessage());
      }
      return "FAIL " + name + ": unexpected " + describe(c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "FAIL " + name + ": interrupted";
    } finally {
      runner.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- helpers

  static String oneLine(String s) {
    return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
  }

  static String describe(Throwable t) {
    if (t instanceof FlightRuntimeException) {
      FlightRuntimeException f = (FlightRuntimeException) t;
      return "FlightRuntimeException " + f.status().code() + ": " + oneLine(messageOf(f));
    }
    return oneLine(t.toString());
  }

  static String messageOf(FlightRuntimeException e) {
    String d = e.status().description();
    return d != null ? d : String.valueOf(e.getMessage());
  }

  static void require(boolean ok, String reason) {
    if (!ok) {
      throw new Fail(reason);
    }
  }

  static FlightDescriptor path(String key) {
    return FlightDescriptor.path(key.split("/", -1));
  }

  static FlightDescriptor command(String cmd) {
    return FlightDescriptor.command(cmd.getBytes(UTF_8));
  }

  static Ticket ticket(String t) {
    return new Ticket(t.getBytes(UTF_8));
  }

  ArrowBuf buffer(String s) {
    byte[] b = s.getBytes(UTF_8);
    ArrowBuf buf = allocator.buffer(b.length);
    buf.writeBytes(b);
    return buf;
  }

  static String str(ArrowBuf buf) {
    return buf == null ? null : new String(ConformanceProducer.bytes(buf), UTF_8);
  }

  static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // errors after cancellation are expected
    }
  }

  /** Runs {@code body}, which must fail with {@code code} and a message containing the text. */
  static void expectError(FlightStatusCode code, String contains, Body body) {
    try {
      body.run();
    } catch (FlightRuntimeException e) {
      require(
          e.status().code() == code,
          "expected " + code + ", got " + describe(e));
      if (contains != null) {
        require(
            messageOf(e).contains(contains),
            "message '" + oneLine(messageOf(e)) + "' does not contain '" + contains + "'");
      }
      return;
    } catch (Fail f) {
      throw f;
    } catch (Exception e) {
      throw new Fail("expected " + code + ", got " + describe(e));
    }
    throw new Fail("expected " + code + ", but the call succeeded");
  }

  List<String> actionResults(Action action, org.apache.arrow.flight.CallOption... options) {
    List<String> out = new ArrayList<>();
    Iterator<Result> it = client.doAction(action, options);
    while (it.hasNext()) {
      out.add(new String(it.next().getBody(), UTF_8));
    }
    return out;
  }

  static Action action(String type, String body) {
    return new Action(type, body.getBytes(UTF_8));
  }

  private static String schemaCheck(Schema expected, Schema actual) {
    String d = TableCompare.schemaDifference(expected, actual);
    return d == null ? null : "schema differs: " + d + " (got " + actual + ")";
  }

  /** Reads DoGet test/ints and returns null when it is exactly the contract table. */
  static String checkInts(FlightStream s) {
    String d = schemaCheck(ConformanceProducer.INTS_SCHEMA, s.getSchema());
    if (d != null) {
      return d;
    }
    int batches = 0;
    int row = 0;
    while (s.next()) {
      VectorSchemaRoot root = s.getRoot();
      if (root.getRowCount() != 10) {
        return "batch " + batches + " has " + root.getRowCount() + " rows, expected 10";
      }
      BigIntVector id = (BigIntVector) root.getVector("id");
      VarCharVector name = (VarCharVector) root.getVector("name");
      for (int r = 0; r < 10; r++, row++) {
        if (id.isNull(r) || id.get(r) != row) {
          return "row " + row + ": id " + id.getObject(r);
        }
        if (name.isNull(r) || !("row-" + row).equals(new String(name.get(r), UTF_8))) {
          return "row " + row + ": name " + name.getObject(r);
        }
      }
      batches++;
    }
    return batches == 3 ? null : batches + " batches, expected 3";
  }

  // ---------------------------------------------------------------- checks

  /**
   * Auth v1 client side (flight-core's only Handshake API, deprecated in favour of header auth):
   * sends {@code hello}, keeps the answer, which then serves as token.
   */
  @SuppressWarnings("deprecation")
  static final class EchoClientAuth implements ClientAuthHandler {
    volatile byte[] answer;

    @Override
    public void authenticate(ClientAuthSender outgoing, Iterator<byte[]> incoming) {
      outgoing.send("hello".getBytes(UTF_8));
      answer = incoming.next();
    }

    @Override
    public byte[] getCallToken() {
      byte[] a = answer;
      return a == null ? new byte[0] : a;
    }
  }

  void handshake() throws Exception {
    // Own client, so the token it then attaches does not leak into the other checks.
    try (FlightClient c = FlightClient.builder(allocator, location).build()) {
      EchoClientAuth auth = new EchoClientAuth();
      c.authenticate(auth);
      String got = auth.answer == null ? null : new String(auth.answer, UTF_8);
      require("echo:hello".equals(got), "handshake answered '" + got + "', expected 'echo:hello'");
      // The service accepts whatever token follows the handshake.
      Iterator<Result> it = c.doAction(action("echo", "after-handshake"));
      List<String> out = new ArrayList<>();
      it.forEachRemaining(r -> out.add(new String(r.getBody(), UTF_8)));
      require(
          out.equals(List.of("after-handshake")),
          "call with the handshake token answered " + out);
    }
  }

  void listFlights() {
    FlightInfo found = null;
    List<String> seen = new ArrayList<>();
    for (FlightInfo info : client.listFlights(Criteria.ALL)) {
      FlightDescriptor d = info.getDescriptor();
      seen.add(d.isCommand() ? "CMD" : String.join("/", d.getPath()));
      if (!d.isCommand() && d.getPath().equals(List.of("test", "ints"))) {
        found = info;
      }
    }
    require(found != null, "test/ints not listed (got " + seen + ")");
    checkIntsInfo(found);
    List<FlightEndpoint> eps = found.getEndpoints();
    require(eps.size() == 1, eps.size() + " endpoints, expected 1");
    String t = new String(eps.get(0).getTicket().getBytes(), UTF_8);
    require("test/ints".equals(t), "ticket '" + t + "', expected 'test/ints'");
    require(
        eps.get(0).getLocations().isEmpty(),
        "endpoint has locations " + eps.get(0).getLocations());
  }

  private static void checkIntsInfo(FlightInfo info) {
    require(info.getRecords() == 30, "total_records " + info.getRecords() + ", expected 30");
    require(info.getSchemaOptional().isPresent(), "FlightInfo carries no schema");
    String d = schemaCheck(ConformanceProducer.INTS_SCHEMA, info.getSchemaOptional().get());
    require(d == null, d);
  }

  void getFlightInfo() {
    FlightDescriptor req = path("test/ints");
    FlightInfo info = client.getInfo(req);
    require(
        req.equals(info.getDescriptor()),
        "descriptor " + info.getDescriptor() + ", expected " + req);
    checkIntsInfo(info);
  }

  void getFlightInfoNotFound() {
    expectError(
        FlightStatusCode.NOT_FOUND, "unknown path: no/such", () -> client.getInfo(path("no/such")));
  }

  void getSchema() {
    Schema s = client.getSchema(path("test/ints")).getSchema();
    String d = schemaCheck(ConformanceProducer.INTS_SCHEMA, s);
    require(d == null, d);
  }

  void doGet() throws Exception {
    try (FlightStream s = client.getStream(ticket("test/ints"))) {
      String d = checkInts(s);
      require(d == null, d);
    }
  }

  void doGetMetadata() throws Exception {
    try (FlightStream s = client.getStream(ticket("metadata:3"))) {
      String d = schemaCheck(ConformanceProducer.V_SCHEMA, s.getSchema());
      require(d == null, d);
      int i = 0;
      while (s.next()) {
        VectorSchemaRoot root = s.getRoot();
        require(root.getRowCount() == 1, "batch " + i + " has " + root.getRowCount() + " rows");
        BigIntVector v = (BigIntVector) root.getVector("v");
        require(v.get(0) == i, "batch " + i + ": v = " + v.getObject(0));
        String md = str(s.getLatestMetadata());
        require(("m" + i).equals(md), "batch " + i + ": app_metadata " + md + ", expected m" + i);
        i++;
      }
      require(i == 3, i + " batches, expected 3");
    }
  }

  static final Schema PUT_SCHEMA =
      new Schema(
          List.of(
              Field.nullable("id", new ArrowType.Int(64, true)),
              Field.nullable(
                  "value", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));

  private static void fillPutBatch(VectorSchemaRoot root, int b) {
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

  void doPut() throws Exception {
    String key = "uploads/c-" + STACK;
    try (VectorSchemaRoot root = VectorSchemaRoot.create(PUT_SCHEMA, allocator);
        SyncPutListener acks = new SyncPutListener()) {
      FlightClient.ClientStreamListener w = client.startPut(path(key), root, acks);
      for (int b = 0; b < 2; b++) {
        fillPutBatch(root, b);
        w.putNext(buffer(Integer.toString(b)));
        try (PutResult r = acks.poll(10, TimeUnit.SECONDS)) {
          require(r != null, "no PutResult for batch " + b + " within 10 s");
          String md = str(r.getApplicationMetadata());
          require(
              Integer.toString(b).equals(md),
              "PutResult for batch " + b + " carries " + md + ", expected " + b);
        }
      }
      w.completed();
      w.getResult();
    }
    try (FlightStream s = client.getStream(ticket(key))) {
      String d = schemaCheck(PUT_SCHEMA, s.getSchema());
      require(d == null, "DoGet " + key + ": " + d);
      int row = 0;
      List<Integer> lengths = new ArrayList<>();
      while (s.next()) {
        VectorSchemaRoot root = s.getRoot();
        lengths.add(root.getRowCount());
        BigIntVector id = (BigIntVector) root.getVector("id");
        Float8Vector value = (Float8Vector) root.getVector("value");
        for (int r = 0; r < root.getRowCount(); r++, row++) {
          require(
              !id.isNull(r) && id.get(r) == row && !value.isNull(r) && value.get(r) == row * 1.5,
              "DoGet " + key + ": row " + row + " is " + id.getObject(r) + ", "
                  + value.getObject(r));
        }
      }
      require(row == 10, "DoGet " + key + ": " + row + " rows, expected 10");
      require(
          lengths.equals(List.of(5, 5)),
          "DoGet " + key + ": batch row counts " + lengths + ", expected [5, 5]");
    }
    List<String> out = actionResults(action("compare", key + "|" + key));
    require(out.equals(List.of("ok")), "compare " + key + " with itself answered " + out);
  }

  /**
   * Two acknowledged batches, then the upload is given up with {@code ClientStreamListener.error}
   * (Arrow Java's way to cancel a DoPut): the service must not store it.
   */
  void doPutCancelled() throws Exception {
    String key = "uploads/cancelled-" + STACK;
    try (VectorSchemaRoot root = VectorSchemaRoot.create(PUT_SCHEMA, allocator);
        SyncPutListener acks = new SyncPutListener()) {
      FlightClient.ClientStreamListener w = client.startPut(path(key), root, acks);
      for (int b = 0; b < 2; b++) {
        fillPutBatch(root, b);
        w.putNext(buffer(Integer.toString(b)));
        try (PutResult r = acks.poll(10, TimeUnit.SECONDS)) {
          require(r != null, "no PutResult for batch " + b + " within 10 s");
        }
      }
      w.error(new RuntimeException("the application failed mid-upload"));
      try {
        w.getResult();
      } catch (FlightRuntimeException expected) {
        // the cancellation, as the listener reports it
      }
    }
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
    do {
      expectError(FlightStatusCode.NOT_FOUND, "unknown path: " + key, () -> client.getInfo(path(key)));
      Thread.sleep(50);
    } while (System.nanoTime() < end);
  }

  void doPutRejected() {
    expectError(
        FlightStatusCode.INVALID_ARGUMENT,
        "rejected: reject/x",
        () -> {
          try (VectorSchemaRoot root = VectorSchemaRoot.create(PUT_SCHEMA, allocator);
              SyncPutListener acks = new SyncPutListener()) {
            FlightClient.ClientStreamListener w = client.startPut(path("reject/x"), root, acks);
            fillPutBatch(root, 0);
            w.putNext();
            w.completed();
            w.getResult();
          }
        });
  }

  static final Schema X_SCHEMA =
      new Schema(List.of(Field.nullable("x", new ArrowType.Int(32, true))));

  void doExchangeEcho() throws Exception {
    try (FlightClient.ExchangeReaderWriter x = client.doExchange(command("echo"));
        VectorSchemaRoot root = VectorSchemaRoot.create(X_SCHEMA, allocator)) {
      FlightClient.ClientStreamListener w = x.getWriter();
      FlightStream r = x.getReader();
      w.start(root);
      for (int b = 0; b < 4; b++) {
        root.allocateNew();
        IntVector xs = (IntVector) root.getVector("x");
        for (int i = 0; i < 10; i++) {
          xs.setSafe(i, b * 10 + i);
        }
        root.setRowCount(10);
        boolean withMd = b == 0 || b == 2;
        w.putNext(withMd ? buffer(Integer.toString(b)) : null);
        require(r.next(), "no answer to batch " + b);
        if (b == 0) {
          String d = schemaCheck(X_SCHEMA, r.getSchema());
          require(d == null, "echoed " + d);
        }
        VectorSchemaRoot got = r.getRoot();
        require(got.getRowCount() == 10, "echo of batch " + b + " has " + got.getRowCount()
            + " rows");
        IntVector gx = (IntVector) got.getVector("x");
        for (int i = 0; i < 10; i++) {
          require(
              !gx.isNull(i) && gx.get(i) == b * 10 + i,
              "echo of batch " + b + " row " + i + " is " + gx.getObject(i));
        }
        String md = str(r.getLatestMetadata());
        if (withMd) {
          require(
              Integer.toString(b).equals(md),
              "echo of batch " + b + " carries metadata " + md + ", expected " + b);
        } else {
          require(md == null, "echo of batch " + b + " carries unexpected metadata " + md);
        }
      }
      w.putMetadata(buffer("meta-only"));
      require(r.next(), "no answer to the metadata-only message");
      require(
          r.getRoot().getRowCount() == 0,
          "metadata-only message came back with " + r.getRoot().getRowCount() + " rows");
      String md = str(r.getLatestMetadata());
      require("meta-only".equals(md), "metadata-only answer carries " + md);
      w.completed();
      require(!r.next(), "unexpected message after done writing");
      x.getResult();
    }
  }

  void listActions() {
    List<String> got = new ArrayList<>();
    for (ActionType t : client.listActions()) {
      got.add(t.getType() + " = " + t.getDescription());
    }
    List<String> want =
        ConformanceProducer.ACTIONS.stream()
            .map(t -> t.getType() + " = " + t.getDescription())
            .collect(Collectors.toList());
    require(got.equals(want), "got " + got + ", expected " + want);
  }

  void doAction() {
    List<String> echo = actionResults(action("echo", "ping"));
    require(echo.equals(List.of("ping")), "echo ping answered " + echo);
    List<String> count = actionResults(action("count", "3"));
    require(count.equals(List.of("0", "1", "2")), "count 3 answered " + count);
  }

  void headers() {
    CallHeaders h = new FlightCallHeaders();
    h.insert("x-one", "1");
    h.insert("x-two-bin", new byte[] {0x00, 0x01, (byte) 0xff});
    List<String> got = actionResults(new Action("headers", new byte[0]), new HeaderCallOption(h));
    require(got.contains("x-one: 1"), "no 'x-one: 1' in " + got);
    require(got.contains("x-two-bin: 0001ff"), "no 'x-two-bin: 0001ff' in " + got);
    require(got.indexOf("x-one: 1") < got.indexOf("x-two-bin: 0001ff"), "not sorted: " + got);
  }

  void errors() {
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, FlightStatusCode> e : ErrorKinds.KINDS.entrySet()) {
      String kind = e.getKey();
      String msg = "msg " + kind + " ü%";
      try {
        expectError(
            e.getValue(), msg, () -> client.getInfo(command("error:" + kind + ":" + msg)));
      } catch (Fail f) {
        failures.add(kind + ": " + f.getMessage());
      }
    }
    require(failures.isEmpty(), String.join("; ", failures));
  }

  void errorMidStream() {
    FlightStream s = client.getStream(ticket("error_after:2"));
    try {
      for (int i = 0; i < 2; i++) {
        require(s.next(), "stream ended after " + i + " batches");
        BigIntVector v = (BigIntVector) s.getRoot().getVector("v");
        require(v.get(0) == i, "batch " + i + ": v = " + v.getObject(0));
      }
      expectError(
          FlightStatusCode.UNAVAILABLE,
          "failed after 2 batches",
          () -> {
            boolean more = s.next();
            throw new Fail("third read returned " + more + " instead of failing");
          });
    } finally {
      closeQuietly(s);
    }
  }

  void timeout() {
    long t0 = System.nanoTime();
    expectError(
        FlightStatusCode.TIMED_OUT,
        null,
        () ->
            actionResults(
                action("sleep", "3000"), CallOptions.timeout(300, TimeUnit.MILLISECONDS)));
    long ms = (System.nanoTime() - t0) / 1_000_000L;
    require(ms < 2500, "timed out only after " + ms + " ms");
  }

  void cancel() {
    FlightStream s = client.getStream(ticket("slow:100:50"));
    try {
      for (int i = 0; i < 2; i++) {
        require(s.next(), "stream ended after " + i + " batches");
      }
      s.cancel("client cancels", null);
    } finally {
      closeQuietly(s); // drains what was in flight
    }
    List<String> out = actionResults(action("last_cancelled", ""));
    require(out.equals(List.of("true")), "last_cancelled answered " + out);
  }

  // ---------------------------------------------------------------- data directory checks

  /** File names (without .arrows) to exercise, in order; skip-listed names are left out. */
  private List<String> typeNames() throws Exception {
    if (dataDir == null) {
      throw new Skip("needs --data-dir");
    }
    Set<String> skip = PeerServer.readSkipList(dataDir);
    List<String> names;
    try (Stream<Path> s = Files.list(dataDir)) {
      names =
          s.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".arrows"))
              .map(n -> n.substring(0, n.length() - ".arrows".length()))
              .sorted()
              .collect(Collectors.toList());
    }
    require(!names.isEmpty(), "no .arrows files in " + dataDir);
    List<String> skipped = names.stream().filter(skip::contains).collect(Collectors.toList());
    if (!skipped.isEmpty()) {
      System.err.println("peer-client: java-skip.txt leaves out " + skipped);
    }
    return names.stream().filter(n -> !skip.contains(n)).collect(Collectors.toList());
  }

  private Table readStream(String ticketText) throws Exception {
    try (FlightStream s = client.getStream(ticket(ticketText))) {
      return Table.readStream(s, allocator, null);
    }
  }

  void typesGet() throws Exception {
    Map<String, String> failures = new LinkedHashMap<>();
    for (String name : typeNames()) {
      Table local;
      try {
        local = Table.readFile(dataDir.resolve(name + ".arrows"), allocator);
      } catch (Exception e) {
        failures.put(name, "Arrow Java cannot read the file: " + describe(e));
        continue;
      }
      try {
        Table remote = readStream("types/" + name);
        String d = sameTable(local, remote);
        if (d != null) {
          failures.put(name, d);
        }
      } catch (Exception e) {
        failures.put(name, describe(e));
      }
    }
    requireNoFailures(failures);
  }

  void typesPut() throws Exception {
    Map<String, String> failures = new LinkedHashMap<>();
    for (String name : typeNames()) {
      Table local;
      try {
        local = Table.readFile(dataDir.resolve(name + ".arrows"), allocator);
      } catch (Exception e) {
        failures.put(name, "Arrow Java cannot read the file: " + describe(e));
        continue;
      }
      String key = "uploads/types-" + name;
      try {
        upload(key, local);
      } catch (Exception e) {
        failures.put(name, "DoPut: " + describe(e));
        continue;
      }
      try {
        List<String> out = actionResults(action("compare", key + "|types/" + name));
        if (!out.equals(List.of("ok"))) {
          failures.put(name, "compare answered " + out);
          continue;
        }
      } catch (Exception e) {
        failures.put(name, "compare: " + describe(e));
        continue;
      }
      try {
        String d = sameTable(local, readStream(key));
        if (d != null) {
          failures.put(name, "DoGet of the upload: " + d);
        }
      } catch (Exception e) {
        failures.put(name, "DoGet of the upload: " + describe(e));
      }
    }
    requireNoFailures(failures);
  }

  /**
   * The contract keeps batch boundaries on DoGet of a stored table, so besides schema and values
   * the batch row counts must match too.
   */
  private String sameTable(Table expected, Table got) {
    String d = TableCompare.difference(expected, got, allocator);
    if (d != null) {
      return d;
    }
    if (!expected.batchLengths().equals(got.batchLengths())) {
      return "batch row counts differ: " + expected.batchLengths() + " vs " + got.batchLengths();
    }
    return null;
  }

  private void upload(String key, Table t) throws Exception {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(t.schema, allocator);
        SyncPutListener acks = new SyncPutListener()) {
      FlightClient.ClientStreamListener w = client.startPut(path(key), root, t.dictionaries, acks);
      VectorLoader loader = new VectorLoader(root);
      for (ArrowRecordBatch b : t.batches) {
        loader.load(b);
        w.putNext();
      }
      w.completed();
      w.getResult();
    }
  }

  private static void requireNoFailures(Map<String, String> failures) {
    if (!failures.isEmpty()) {
      throw new Fail(
          failures.entrySet().stream()
              .map(e -> e.getKey() + ": " + e.getValue())
              .collect(Collectors.joining("; ")));
    }
  }

  void concurrent() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        Callable<String> task =
            () -> {
              try (FlightStream s = client.getStream(ticket("test/ints"))) {
                return checkInts(s);
              } catch (Exception e) {
                return describe(e);
              }
            };
        results.add(pool.submit(task));
      }
      List<String> failures = new ArrayList<>();
      for (int i = 0; i < results.size(); i++) {
        String r = results.get(i).get(60, TimeUnit.SECONDS);
        if (r != null) {
          failures.add("DoGet " + i + ": " + r);
        }
      }
      require(failures.isEmpty(), String.join("; ", failures));
    } finally {
      pool.shutdownNow();
    }
  }
}
