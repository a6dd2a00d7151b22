package dev.flightwire.peer;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.IntFunction;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.ActionType;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** The conformance service of wire-tests/CONTRACT.md on Arrow Java Flight. */
final class ConformanceProducer extends NoOpFlightProducer {
  static final Schema INTS_SCHEMA =
      new Schema(
          List.of(
              Field.notNullable("id", new ArrowType.Int(64, true)),
              Field.nullable("name", ArrowType.Utf8.INSTANCE)));
  static final Schema V_SCHEMA =
      new Schema(List.of(Field.notNullable("v", new ArrowType.Int(64, true))));

  static final List<ActionType> ACTIONS =
      List.of(
          new ActionType("echo", "Return the body"),
          new ActionType("headers", "Return the request headers"),
          new ActionType("last_cancelled", "Whether the last slow DoGet saw cancellation"),
          new ActionType("compare", "Compare two stored tables"),
          new ActionType("sleep", "Sleep for <body> ms, then answer"),
          new ActionType("error", "Fail with <body> = kind:message"),
          new ActionType("count", "Return <body> results"));

  private final BufferAllocator allocator;
  private final Map<String, Table> tables = new ConcurrentSkipListMap<>();

  /** State of the most recent slow: DoGet. */
  private final Object slowLock = new Object();

  private long slowGeneration;
  private boolean slowRunning;
  private boolean slowCancelled;

  ConformanceProducer(BufferAllocator allocator) {
    this.allocator = allocator;
    tables.put("test/ints", makeInts(allocator));
  }

  void put(String key, Table table) {
    tables.put(key, table);
  }

  static Table makeInts(BufferAllocator allocator) {
    List<ArrowRecordBatch> batches = new ArrayList<>();
    try (VectorSchemaRoot root = VectorSchemaRoot.create(INTS_SCHEMA, allocator)) {
      BigIntVector id = (BigIntVector) root.getVector("id");
      VarCharVector name = (VarCharVector) root.getVector("name");
      for (int b = 0; b < 3; b++) {
        root.allocateNew();
        for (int r = 0; r < 10; r++) {
          int i = b * 10 + r;
          id.setSafe(r, i);
          name.setSafe(r, ("row-" + i).getBytes(UTF_8));
        }
        root.setRowCount(10);
        batches.add(new VectorUnloader(root, true, true).getRecordBatch());
      }
    }
    return Table.ofBatches(
        INTS_SCHEMA, new DictionaryProvider.MapDictionaryProvider(), batches);
  }

  // ---------------------------------------------------------------- helpers

  private static String keyOf(FlightDescriptor d) {
    return String.join("/", d.getPath());
  }

  private static FlightRuntimeException notFoundPath(String key) {
    return CallStatus.NOT_FOUND.withDescription("unknown path: " + key).toRuntimeException();
  }

  private static FlightRuntimeException invalid(String message) {
    return CallStatus.INVALID_ARGUMENT.withDescription(message).toRuntimeException();
  }

  private FlightInfo info(String key, Table t) {
    return new FlightInfo(
        t.wireSchema,
        FlightDescriptor.path(key.split("/", -1)),
        List.of(new FlightEndpoint(new Ticket(key.getBytes(UTF_8)))),
        -1,
        t.rows);
  }

  private Table table(FlightDescriptor d) {
    if (d.isCommand()) {
      throw invalid("expected a PATH descriptor");
    }
    String key = keyOf(d);
    Table t = tables.get(key);
    if (t == null) {
      throw notFoundPath(key);
    }
    return t;
  }

  private ArrowBuf buffer(byte[] bytes) {
    ArrowBuf buf = allocator.buffer(bytes.length);
    buf.writeBytes(bytes);
    return buf;
  }

  private ArrowBuf copy(ArrowBuf src) {
    return src == null ? null : buffer(bytes(src));
  }

  static byte[] bytes(ArrowBuf buf) {
    byte[] out = new byte[(int) buf.readableBytes()];
    buf.getBytes(buf.readerIndex(), out);
    return out;
  }

  private static long parseLong(String s, String what) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw invalid("bad " + what + ": " + s);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CallStatus.CANCELLED.withDescription("interrupted").toRuntimeException();
    }
  }

  // ---------------------------------------------------------------- metadata RPCs

  @Override
  public void listFlights(
      CallContext context, Criteria criteria, StreamListener<FlightInfo> listener) {
    for (Map.Entry<String, Table> e : tables.entrySet()) {
      listener.onNext(info(e.getKey(), e.getValue()));
    }
    listener.onCompleted();
  }

  @Override
  public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
    if (descriptor.isCommand()) {
      String cmd = new String(descriptor.getCommand(), UTF_8);
      if (cmd.startsWith("error:")) {
        throw ErrorKinds.fromKindAndMessage(cmd.substring("error:".length()));
      }
      if (cmd.startsWith("sleep:")) {
        sleep(parseLong(cmd.substring("sleep:".length()), "sleep"));
        return info("test/ints", tables.get("test/ints"));
      }
      throw invalid("unknown command: " + cmd);
    }
    return info(keyOf(descriptor), table(descriptor));
  }

  @Override
  public SchemaResult getSchema(CallContext context, FlightDescriptor descriptor) {
    if (descriptor.isCommand()) {
      // Commands behave as in GetFlightInfo (error:..., sleep:...).
      FlightInfo info = getFlightInfo(context, descriptor);
      return new SchemaResult(
          info.getSchemaOptional().orElseThrow(() -> invalid("command has no schema")));
    }
    return new SchemaResult(table(descriptor).wireSchema);
  }

  // ---------------------------------------------------------------- DoGet

  @Override
  public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
    String t = new String(ticket.getBytes(), UTF_8);
    Table stored = tables.get(t);
    if (stored != null) {
      stored.writeTo(listener, allocator);
      listener.completed();
      return;
    }
    String[] parts = t.split(":", -1);
    try {
      if (t.startsWith("slow:") && parts.length == 3) {
        slow(listener, parseLong(parts[1], "count"), parseLong(parts[2], "delay"));
      } else if (t.startsWith("metadata:") && parts.length == 2) {
        long n = parseLong(parts[1], "count");
        sendInts(listener, n, i -> buffer(("m" + i).getBytes(UTF_8)));
        listener.completed();
      } else if (t.startsWith("error_after:") && parts.length == 2) {
        long n = parseLong(parts[1], "count");
        sendInts(listener, n, i -> null);
        listener.error(
            CallStatus.UNAVAILABLE
                .withDescription("failed after " + n + " batches")
                .toRuntimeException());
      } else if (t.startsWith("error:")) {
        listener.error(ErrorKinds.fromKindAndMessage(t.substring("error:".length())));
      } else {
        listener.error(
            CallStatus.NOT_FOUND.withDescription("unknown ticket: " + t).toRuntimeException());
      }
    } catch (FlightRuntimeException e) {
      listener.error(e);
    }
  }

  private void sendInts(ServerStreamListener listener, long n, IntFunction<ArrowBuf> metadata) {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(V_SCHEMA, allocator)) {
      BigIntVector v = (BigIntVector) root.getVector("v");
      listener.start(root);
      for (int i = 0; i < n; i++) {
        root.allocateNew();
        v.setSafe(0, i);
        root.setRowCount(1);
        listener.putNext(metadata.apply(i));
      }
    }
  }

  private void slow(ServerStreamListener listener, long n, long delayMs) {
    long generation;
    synchronized (slowLock) {
      generation = ++slowGeneration;
      slowRunning = true;
      slowCancelled = false;
    }
    boolean cancelled = false;
    try (VectorSchemaRoot root = VectorSchemaRoot.create(V_SCHEMA, allocator)) {
      BigIntVector v = (BigIntVector) root.getVector("v");
      listener.start(root);
      outer:
      for (int i = 0; i < n; i++) {
        long until = System.nanoTime() + delayMs * 1_000_000L;
        do {
          if (listener.isCancelled()) {
            cancelled = true;
            break outer;
          }
          long left = until - System.nanoTime();
          if (left > 0) {
            sleep(Math.min(5, Math.max(1, left / 1_000_000L)));
          }
        } while (System.nanoTime() < until);
        if (listener.isCancelled()) {
          cancelled = true;
          break;
        }
        root.allocateNew();
        v.setSafe(0, i);
        root.setRowCount(1);
        listener.putNext();
      }
      if (!cancelled) {
        listener.completed();
      }
    } finally {
      synchronized (slowLock) {
        if (slowGeneration == generation) {
          slowCancelled = cancelled;
          slowRunning = false;
          slowLock.notifyAll();
        }
      }
    }
  }

  private boolean lastCancelled() {
    long deadline = System.nanoTime() + 5_000_000_000L;
    synchronized (slowLock) {
      while (slowRunning && !slowCancelled) {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0) {
          break;
        }
        try {
          slowLock.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return slowCancelled;
    }
  }

  // ---------------------------------------------------------------- DoPut

  @Override
  public Runnable acceptPut(
      CallContext context, FlightStream flightStream, StreamListener<PutResult> ackStream) {
    return () -> {
      FlightDescriptor d = flightStream.getDescriptor();
      if (d.isCommand()) {
        ackStream.onError(invalid("DoPut needs a PATH descriptor"));
        return;
      }
      String key = keyOf(d);
      if (key.startsWith("reject/")) {
        flightStream.next();
        ackStream.onError(invalid("rejected: " + key));
        return;
      }
      Table t;
      try {
        t =
            Table.readStream(
                flightStream,
                allocator,
                index -> {
                  ArrowBuf md = flightStream.getLatestMetadata();
                  if (md != null) {
                    try (PutResult r = PutResult.metadata(copy(md))) {
                      ackStream.onNext(r);
                    }
                  }
                });
      } catch (IOException e) {
        ackStream.onError(invalid("could not store upload: " + e.getMessage()));
        return;
      }
      tables.put(key, t); // an older table may still be streamed by a running DoGet: not freed
      ackStream.onCompleted();
    };
  }

  // ---------------------------------------------------------------- DoExchange

  @Override
  public void doExchange(CallContext context, FlightStream reader, ServerStreamListener writer) {
    FlightDescriptor d = reader.getDescriptor();
    if (!d.isCommand() || !"echo".equals(new String(d.getCommand(), UTF_8))) {
      writer.error(
          invalid(
              "unknown exchange command: "
                  + (d.isCommand() ? new String(d.getCommand(), UTF_8) : "PATH " + d.getPath())));
      return;
    }
    new Echo(reader, writer).run();
  }

  /** DoExchange echo; every writer call is made under the lock. */
  private final class Echo {
    private final FlightStream reader;
    private final ServerStreamListener writer;
    private boolean started;
    private volatile boolean finished;

    Echo(FlightStream reader, ServerStreamListener writer) {
      this.reader = reader;
      this.writer = writer;
    }

    /** Sends the response schema as soon as the request schema is there. */
    private synchronized void startIfSchemaArrived() {
      if (started || finished || !reader.hasRoot()) {
        return;
      }
      VectorSchemaRoot root;
      try {
        root = reader.getRoot();
      } catch (RuntimeException e) {
        return; // the stream failed; the read loop reports it
      }
      writer.start(root, reader.getDictionaryProvider());
      started = true;
    }

    void run() {
      Thread watcher =
          new Thread(
              () -> {
                while (!finished && !reader.hasRoot()) {
                  try {
                    Thread.sleep(1);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
                startIfSchemaArrived();
              },
              "exchange-schema-watcher");
      watcher.setDaemon(true);
      watcher.start();
      try {
        while (reader.next()) {
          ArrowBuf md = reader.getLatestMetadata();
          // FlightStream does not tell a metadata-only message from a batch: a message of 0
          // rows with app_metadata is taken as metadata-only.
          boolean hasBatch =
              reader.hasRoot() && !(reader.getRoot().getRowCount() == 0 && md != null);
          synchronized (this) {
            if (hasBatch) {
              startIfSchemaArrived();
              writer.putNext(copy(md));
            } else if (md != null) {
              writer.putMetadata(copy(md));
            }
          }
        }
        synchronized (this) {
          startIfSchemaArrived();
          finished = true;
          writer.completed();
        }
      } catch (RuntimeException e) {
        synchronized (this) {
          finished = true;
          writer.error(e);
        }
      } finally {
        finished = true;
        watcher.interrupt();
      }
    }
  }

  // ---------------------------------------------------------------- actions

  @Override
  public void listActions(CallContext context, StreamListener<ActionType> listener) {
    ACTIONS.forEach(listener::onNext);
    listener.onCompleted();
  }

  @Override
  public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
    byte[] rawBody = action.getBody() == null ? new byte[0] : action.getBody();
    String body = new String(rawBody, UTF_8);
    try {
      switch (action.getType()) {
        case "echo":
          listener.onNext(new Result(rawBody));
          break;
        case "headers":
          {
            HeaderCapture h = context.getMiddleware(HeaderCapture.KEY);
            for (String line : h == null ? List.<String>of() : h.lines()) {
              listener.onNext(new Result(line.getBytes(UTF_8)));
            }
            break;
          }
        case "last_cancelled":
          listener.onNext(new Result(Boolean.toString(lastCancelled()).getBytes(UTF_8)));
          break;
        case "compare":
          {
            int bar = body.indexOf('|');
            if (bar < 0) {
              throw invalid("compare body must be <keyA>|<keyB>");
            }
            String ka = body.substring(0, bar);
            String kb = body.substring(bar + 1);
            Table a = tables.get(ka);
            if (a == null) {
              throw notFoundPath(ka);
            }
            Table b = tables.get(kb);
            if (b == null) {
              throw notFoundPath(kb);
            }
            String diff = TableCompare.difference(a, b, allocator);
            if (diff != null) {
              throw invalid(ka + " and " + kb + " differ: " + diff);
            }
            listener.onNext(new Result("ok".getBytes(UTF_8)));
            break;
          }
        case "sleep":
          sleep(parseLong(body, "sleep"));
          listener.onNext(new Result("slept".getBytes(UTF_8)));
          break;
        case "error":
          throw ErrorKinds.fromKindAndMessage(body);
        case "count":
          {
            long n = parseLong(body, "count");
            for (long i = 0; i < n; i++) {
              listener.onNext(new Result(Long.toString(i).getBytes(UTF_8)));
            }
            break;
          }
        default:
          throw CallStatus.UNIMPLEMENTED
              .withDescription("unknown action: " + action.getType())
              .toRuntimeException();
      }
      listener.onCompleted();
    } catch (FlightRuntimeException e) {
      listener.onError(e);
    }
  }
}
