package dev.flightwire.peer;

import static dev.flightwire.peer.Checks.check;
import static dev.flightwire.peer.Checks.checkEqual;
import static dev.flightwire.peer.Checks.fail;
import static dev.flightwire.peer.Checks.status;
import static dev.flightwire.peer.Checks.step;
import static dev.flightwire.peer.Checks.utf8;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightProducer;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.JsonFileReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The JSON round trip of Arrow's Flight integration tests (no scenario).
 *
 * <p>Server: DoPut needs a PATH descriptor; it stores path[0] -> schema, dictionaries and batches
 * and acknowledges every message read with a PutResult carrying that message's app_metadata (an
 * empty PutResult when it had none). GetFlightInfo(PATH) answers the stored schema, the
 * descriptor, one endpoint with ticket path[0] and location grpc+tcp://localhost:PORT,
 * total_records = the row count, total_bytes = -1. DoGet(path[0]) streams the stored batches, batch
 * i with app_metadata "i". Unknown names fail with NOT_FOUND.
 *
 * <p>Client ({@code -j FILE}): reads the file with Arrow Java's JsonFileReader; DoPut with
 * descriptor PATH [FILE] sends batch i with app_metadata "i" and waits for its PutResult, which
 * must carry "i" (C++'s rule; Java checks asynchronously); no PutResult may follow the last.
 * GetFlightInfo(PATH [FILE]) must answer at least one endpoint; beyond Arrow, also the same
 * descriptor, the file's schema and total_records = the file's row count. Each endpoint is read
 * with DoGet on this connection when it has no locations (or the reuse-connection location), else
 * at every location. Every DoGet must answer the file's schema (with field and schema metadata,
 * dictionary encodings), exactly the file's batches with the same row counts (no extra or missing
 * ones, also not empty ones) and the same values, batch i with app_metadata "i".
 */
final class JsonRoundTrip implements IntegrationScenario {
  private final String jsonPath;

  /** The server. */
  JsonRoundTrip() {
    this(null);
  }

  /** The client for one JSON file. */
  JsonRoundTrip(String jsonPath) {
    this.jsonPath = jsonPath;
  }

  // ------------------------------------------------------------------ server

  @Override
  public FlightProducer producer(BufferAllocator allocator, Supplier<Location> self) {
    return new Store(allocator, self);
  }

  private static final class Store extends NoOpFlightProducer {
    private final BufferAllocator allocator;
    private final Supplier<Location> self;
    private final ConcurrentHashMap<String, Table> tables = new ConcurrentHashMap<>();

    Store(BufferAllocator allocator, Supplier<Location> self) {
      this.allocator = allocator;
      this.self = self;
    }

    private static String name(FlightDescriptor d) {
      if (d.isCommand() || d.getPath().isEmpty()) {
        throw CallStatus.INVALID_ARGUMENT
            .withDescription("a PATH descriptor with at least one element is required, got " + d)
            .toRuntimeException();
      }
      return d.getPath().get(0);
    }

    @Override
    public Runnable acceptPut(
        CallContext context, FlightStream stream, StreamListener<PutResult> ack) {
      return () -> {
        try {
          String name = name(stream.getDescriptor());
          Table t = Table.readStream(stream, allocator, index -> {
            ArrowBuf md = stream.getLatestMetadata();
            try (PutResult r = md == null ? PutResult.empty() : PutResult.metadata(copy(md))) {
              ack.onNext(r);
            }
          }, false);
          Table old = tables.put(name, t);
          if (old != null) {
            release(old);
          }
          ack.onCompleted();
        } catch (FlightRuntimeException e) {
          ack.onError(e);
        } catch (IOException | RuntimeException e) {
          ack.onError(CallStatus.INVALID_ARGUMENT.withDescription("DoPut: " + e)
              .toRuntimeException());
        }
      };
    }

    private ArrowBuf copy(ArrowBuf md) {
      long n = md.readableBytes();
      ArrowBuf c = allocator.buffer(n);
      c.setBytes(0, md, md.readerIndex(), n);
      c.writerIndex(n);
      return c;
    }

    @Override
    public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
      String name = name(descriptor);
      Table t = tables.get(name);
      if (t == null) {
        throw CallStatus.NOT_FOUND.withDescription("Unknown descriptor: " + descriptor)
            .toRuntimeException();
      }
      FlightEndpoint e = new FlightEndpoint(new Ticket(utf8(name)), self.get());
      return new FlightInfo(t.wireSchema, descriptor, List.of(e), -1, t.rows);
    }

    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
      String name = utf8(ticket.getBytes());
      Table t = tables.get(name);
      if (t == null) {
        listener.error(CallStatus.NOT_FOUND.withDescription("Unknown ticket: " + name)
            .toRuntimeException());
        return;
      }
      try (VectorSchemaRoot root = VectorSchemaRoot.create(t.schema, allocator)) {
        listener.start(root, t.dictionaries);
        VectorLoader loader = new VectorLoader(root);
        for (int i = 0; i < t.batches.size(); i++) {
          loader.load(t.batches.get(i));
          byte[] md = utf8(Integer.toString(i));
          ArrowBuf buf = allocator.buffer(md.length);
          buf.writeBytes(md);
          listener.putNext(buf);
        }
        listener.completed();
      }
    }
  }

  static void release(Table t) {
    t.batches.forEach(ArrowRecordBatch::close);
    t.dictionaries.close();
  }

  // ------------------------------------------------------------------ client

  @Override
  public void runClient(BufferAllocator allocator, Location server, FlightClient client)
      throws Exception {
    step("reading " + jsonPath + " with JsonFileReader");
    Table expected = readJson(new File(jsonPath), allocator);
    try {
      FlightDescriptor descriptor = FlightDescriptor.path(jsonPath);
      upload(allocator, client, descriptor, expected);

      step("GetFlightInfo(PATH [" + jsonPath + "])");
      FlightInfo info = client.getInfo(descriptor);
      List<FlightEndpoint> endpoints = info.getEndpoints();
      check(!endpoints.isEmpty(), "GetFlightInfo answered no endpoints");
      checkEqual("FlightInfo.flight_descriptor", descriptor, info.getDescriptor());
      check(info.getSchemaOptional().isPresent(), "FlightInfo has no schema");
      String d = TableCompare.schemaDifference(expected.wireSchema, info.getSchemaOptional().get());
      check(d == null, "FlightInfo.schema differs from the file's schema: " + d
          + " (file vs FlightInfo)");
      checkEqual("FlightInfo.total_records", expected.rows, info.getRecords());

      for (int i = 0; i < endpoints.size(); i++) {
        FlightEndpoint e = endpoints.get(i);
        String where = "endpoint " + i + " (ticket " + Checks.bytes(e.getTicket().getBytes()) + ")";
        if (e.getLocations().isEmpty()) {
          fetch(allocator, client, e.getTicket(), expected, where + " on this connection");
          continue;
        }
        for (Location l : e.getLocations()) {
          if (l.getUri().toString().equals(ReuseConnectionScenario.REUSE)) {
            fetch(allocator, client, e.getTicket(), expected, where + " on this connection");
            continue;
          }
          step("connecting to " + l.getUri() + " for " + where);
          try (FlightClient other = FlightClient.builder(allocator, l).build()) {
            fetch(allocator, other, e.getTicket(), expected, where + " at " + l.getUri());
          }
        }
      }
    } finally {
      release(expected);
    }
  }

  static Table readJson(File file, BufferAllocator allocator) throws IOException {
    try (JsonFileReader reader = new JsonFileReader(file, allocator)) {
      Schema schema = reader.start();
      try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
        return Table.capture(new Table.BatchSource() {
          @Override
          public boolean next() throws IOException {
            return reader.read(root);
          }

          @Override
          public VectorSchemaRoot root() {
            return root;
          }

          @Override
          public DictionaryProvider dictionaries() {
            return reader;
          }
        }, allocator);
      }
    }
  }

  /** What came back for one DoPut message. */
  private static final class Ack {
    final byte[] metadata;

    Ack(byte[] metadata) {
      this.metadata = metadata;
    }
  }

  /** PutResults, the end of the call or its error, in arrival order. */
  private static final class Acks implements FlightClient.PutListener {
    static final Object END = new Object();
    final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();

    @Override
    public void onNext(PutResult r) {
      ArrowBuf b = r.getApplicationMetadata();
      byte[] md = null;
      if (b != null) {
        md = new byte[(int) b.readableBytes()];
        b.getBytes(b.readerIndex(), md);
      }
      queue.add(new Ack(md));
    }

    @Override
    public void onError(Throwable t) {
      queue.add(t);
      done.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
      queue.add(END);
      done.complete(null);
    }

    @Override
    public void getResult() {
      try {
        done.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw CallStatus.CANCELLED.withCause(e).toRuntimeException();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof FlightRuntimeException) {
          throw (FlightRuntimeException) e.getCause();
        }
        throw CallStatus.UNKNOWN.withCause(e.getCause())
            .withDescription(String.valueOf(e.getCause())).toRuntimeException();
      }
    }
  }

  private static String describeEvent(Object o) {
    if (o == null) {
      return "nothing within 30 s";
    }
    if (o == Acks.END) {
      return "the end of the call";
    }
    if (o instanceof FlightRuntimeException) {
      return "the error " + status((FlightRuntimeException) o);
    }
    if (o instanceof Throwable) {
      return "the error " + o;
    }
    return "a PutResult with app_metadata " + Checks.bytes(((Ack) o).metadata);
  }

  private void upload(BufferAllocator allocator, FlightClient client, FlightDescriptor descriptor,
      Table table) throws InterruptedException {
    step("DoPut(PATH [" + jsonPath + "])");
    Acks acks = new Acks();
    try (VectorSchemaRoot root = VectorSchemaRoot.create(table.schema, allocator)) {
      FlightClient.ClientStreamListener put =
          client.startPut(descriptor, root, table.dictionaries, acks);
      VectorLoader loader = new VectorLoader(root);
      for (int i = 0; i < table.batches.size(); i++) {
        loader.load(table.batches.get(i));
        String md = Integer.toString(i);
        byte[] raw = utf8(md);
        ArrowBuf buf = allocator.buffer(raw.length);
        buf.writeBytes(raw);
        step("DoPut: sending batch " + i);
        put.putNext(buf);
        step("DoPut: waiting for the PutResult of batch " + i);
        Object event = acks.queue.poll(30, TimeUnit.SECONDS);
        if (!(event instanceof Ack)) {
          throw fail("DoPut: after batch " + i + " (app_metadata \"" + md + "\") expected a"
              + " PutResult with app_metadata \"" + md + "\", got " + describeEvent(event));
        }
        byte[] got = ((Ack) event).metadata;
        checkEqual("DoPut: app_metadata of the PutResult for batch " + i, md,
            got == null ? null : utf8(got));
      }
      step("DoPut: half-closing and waiting for the end of the call");
      put.completed();
      try {
        put.getResult();
      } catch (FlightRuntimeException e) {
        throw fail("DoPut failed after all " + table.batches.size() + " batches were sent: "
            + status(e));
      }
      Object extra = acks.queue.poll();
      if (extra != Acks.END) {
        throw fail("DoPut: after the " + table.batches.size() + " acknowledged batches the server"
            + " sent " + describeEvent(extra) + ", expected nothing more");
      }
    }
  }

  private void fetch(BufferAllocator allocator, FlightClient client, Ticket ticket,
      Table expected, String where) throws Exception {
    String what = "DoGet " + where;
    step(what);
    List<String> metadata = new ArrayList<>();
    List<Boolean> batchMessages = new ArrayList<>();
    Table got;
    try (FlightStream stream = client.getStream(ticket)) {
      got = Table.readStream(stream, allocator, index -> {
        ArrowBuf md = stream.getLatestMetadata();
        String s = null;
        if (md != null) {
          byte[] raw = new byte[(int) md.readableBytes()];
          md.getBytes(md.readerIndex(), raw);
          s = utf8(raw);
        }
        metadata.add(s);
        batchMessages.add(stream.hasRoot());
      }, false);
    }
    try {
      String d = TableCompare.schemaDifference(expected.wireSchema, got.wireSchema);
      check(d == null, what + ": schema differs: " + d + " (file vs received)");
      check(!batchMessages.contains(false), what + ": app_metadata arrived before the schema");
      checkEqual(what + ": row counts of the batches", expected.batchLengths(),
          got.batchLengths());
      for (int i = 0; i < metadata.size(); i++) {
        checkEqual(what + ": app_metadata of batch " + i, Integer.toString(i), metadata.get(i));
      }
      d = TableCompare.difference(expected, got, allocator);
      check(d == null, what + ": data differs: " + d + " (file vs received)");
    } finally {
      release(got);
    }
  }
}
