package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.testing.ChunkSubscriber;
import dev.flightwire.testing.Int64Data;
import dev.flightwire.testing.LocalPair;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The asynchronous API on both sides, over the same call layer as the blocking one: futures of
 * unary calls, DoGet as a Flow.Publisher whose demand is the flow control, writers that never
 * block, and server handlers that return a CompletionStage or stream from onReady. Every test
 * closes both allocators, so a leak on either side fails it.
 */
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(dev.flightwire.testing.TestTransport.class)
class AsyncApiTest {
  /** Released by the test once its callback is attached (getFlightInfo of path "held" waits for it). */
  private static volatile java.util.concurrent.CountDownLatch HELD = new java.util.concurrent.CountDownLatch(0);

  @org.junit.jupiter.params.Parameter
  dev.flightwire.testing.TestTransport transport;

  private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "async-api-test-later");
    t.setDaemon(true);
    return t;
  });

  private LocalPair pair;
  private final AtomicLong batchesSent = new AtomicLong();
  private final CountDownLatch serverCancelled = new CountDownLatch(1);

  /** Blocking handlers: "ints:N:R" streams N batches of R rows counting up; "missing" is NOT_FOUND. */
  private final class BlockingService extends FlightServerBase {
    private final BufferAllocator allocator;

    BlockingService(BufferAllocator allocator) {
      this.allocator = allocator;
    }

    @Override
    public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
      if (descriptor.path().get(0).equals("missing")) {
        throw new FlightNotFoundError("no flight " + descriptor.path());
      }
      if (descriptor.path().get(0).equals("held")) {
        try { // until the test has attached its callback, so the future completes after that
          HELD.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return new FlightInfo(Int64Data.SCHEMA, descriptor, List.of(), 7, -1, false, null);
    }

    @Override
    public Iterable<Result> doAction(ServerCallContext context, Action action) {
      return List.of(new Result("a".getBytes(StandardCharsets.UTF_8)), new Result("b".getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void doExchange(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
        FlightStreamWriter writer) {
      while (reader.next()) {
        writer.writeBatch(reader.root()); // echo
      }
    }

    @Override
    public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
      String[] parts = new String(ticket.ticket(), StandardCharsets.UTF_8).split(":");
      int batches = Integer.parseInt(parts[1]);
      int rows = Integer.parseInt(parts[2]);
      context.onCancel(serverCancelled::countDown);
      return new GeneratorStream(Int64Data.SCHEMA, new java.util.Iterator<>() {
        int i;

        @Override
        public boolean hasNext() {
          return i < batches;
        }

        @Override
        public FlightStreamChunk next() {
          batchesSent.incrementAndGet();
          return FlightStreamChunk.owning(Int64Data.batch(allocator, (long) rows * i++, rows), null);
        }
      });
    }
  }

  @AfterEach
  void close() throws Exception {
    if (pair != null) {
      pair.close();
    }
  }

  private static Throwable causeOf(CompletableFuture<?> f) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
    return e.getCause();
  }

  @Test
  void unaryFuturesCompleteOffTheEventLoopWithTheBlockingFormsErrors() throws Exception {
    pair = LocalPair.start(transport, BlockingService::new);
    AtomicReference<String> thread = new AtomicReference<>();
    HELD = new java.util.concurrent.CountDownLatch(1);
    // the server holds the call until the callback is attached: a callback attached to a future
    // that has completed already runs on the attaching thread, whatever the client does
    CompletableFuture<FlightInfo> pending = pair.client().getFlightInfoAsync(FlightDescriptor.forPath("held"))
        .whenComplete((v, e) -> thread.set(Thread.currentThread().getName()));
    HELD.countDown();
    FlightInfo info = pending.get(10, TimeUnit.SECONDS);
    assertEquals(7, info.totalRecords());
    assertTrue(thread.get().startsWith("flightwire-callback"), thread.get());
    assertInstanceOf(FlightNotFoundError.class, causeOf(pair.client().getFlightInfoAsync(FlightDescriptor.forPath("missing"))));
    List<Result> results = pair.client().doActionAsync(new Action("any", new byte[0])).get(10, TimeUnit.SECONDS);
    assertEquals(List.of("a", "b"), results.stream().map(r -> new String(r.body(), StandardCharsets.UTF_8)).toList());
    assertInstanceOf(FlightUnimplementedError.class, causeOf(
        pair.client().getSchemaAsync(FlightDescriptor.forPath("x"), FlightCallOptions.DEFAULT)));
  }

  /** Checks that column "n" counts up from 0 across the chunks; requests one at a time, or none until told. */
  private static final class Collector {
    final ChunkSubscriber sub;
    final CompletableFuture<Long> rows;
    private long next;

    Collector(boolean autoRequest) {
      sub = new ChunkSubscriber(chunk -> {
        BigIntVector n = (BigIntVector) chunk.data().getVector("n");
        for (int i = 0; i < chunk.data().getRowCount(); i++, next++) {
          if (n.get(i) != next) {
            throw new AssertionError("row " + next + " holds " + n.get(i));
          }
        }
        return true;
      }, autoRequest);
      rows = sub.done.thenApply(v -> next);
    }
  }

  @Test
  void publisherDeliversEveryRowInOrder() throws Exception {
    pair = LocalPair.start(transport, BlockingService::new);
    Collector c = new Collector(true);
    pair.client().doGetAsync(new Ticket("ints:50:1000".getBytes(StandardCharsets.UTF_8))).subscribe(c.sub);
    assertEquals(50_000L, c.rows.get(20, TimeUnit.SECONDS));
  }

  @Test
  void publisherDemandIsTheFlowControl() throws Exception {
    pair = LocalPair.start(transport, BlockingService::new);
    Collector c = new Collector(false);
    // 200 batches of 1 MiB: without demand the server must stop near the windows' size (8 MiB)
    pair.client().doGetAsync(new Ticket("ints:200:131072".getBytes(StandardCharsets.UTF_8))).subscribe(c.sub);
    c.sub.request(1);
    Thread.sleep(1500);
    long sent = batchesSent.get();
    assertEquals(1, c.sub.received());
    assertTrue(sent < 60, "the server sent " + sent + " batches while the subscriber wanted one");
    c.sub.request(Long.MAX_VALUE);
    assertEquals(200L * 131072, c.rows.get(60, TimeUnit.SECONDS));
  }

  @Test
  void cancellingTheSubscriptionCancelsTheCallAndLeaksNothing() throws Exception {
    pair = LocalPair.start(transport, BlockingService::new);
    Collector c = new Collector(false);
    pair.client().doGetAsync(new Ticket("ints:1000:65536".getBytes(StandardCharsets.UTF_8))).subscribe(c.sub);
    c.sub.request(3);
    while (c.sub.received() < 3) {
      Thread.sleep(10);
    }
    c.sub.cancel();
    assertTrue(serverCancelled.await(10, TimeUnit.SECONDS), "the server never saw the cancellation");
  }

  @Test
  void aSecondSubscriberGetsAnError() throws Exception {
    pair = LocalPair.start(transport, BlockingService::new);
    Flow.Publisher<FlightStreamChunk> p = pair.client().doGetAsync(new Ticket("ints:2:10".getBytes(StandardCharsets.UTF_8)));
    Collector first = new Collector(true);
    Collector second = new Collector(true);
    p.subscribe(first.sub);
    p.subscribe(second.sub);
    assertEquals(20L, first.rows.get(10, TimeUnit.SECONDS));
    assertInstanceOf(IllegalStateException.class, causeOf(second.rows));
  }

  @Test
  void publisherReportsTheServersError() throws Exception {
    pair = LocalPair.start(transport, a -> new FlightServerBase() {
      @Override
      public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
        throw new FlightUnauthorizedError("not yours");
      }
    });
    Collector c = new Collector(true);
    pair.client().doGetAsync(new Ticket(new byte[] {1})).subscribe(c.sub);
    Throwable t = causeOf(c.rows);
    assertInstanceOf(FlightUnauthorizedError.class, t);
    assertTrue(t.getMessage().contains("not yours"), t.getMessage());
  }

  @Test
  void asyncExchangeWritesFromOnReadyAndPublishesTheServersStream() throws Exception {
    pair = LocalPair.start(transport, BlockingService::new);
    DoExchangeStreams ex = pair.client().doExchangeAsync(FlightDescriptor.forPath("echo"), FlightCallOptions.DEFAULT)
        .get(10, TimeUnit.SECONDS);
    Collector c = new Collector(true);
    ex.publisher().subscribe(c.sub);
    AtomicInteger written = new AtomicInteger();
    try (VectorSchemaRoot batch = VectorSchemaRoot.create(Int64Data.SCHEMA, pair.clientAllocator())) {
      ex.writer().onReady(() -> {
        while (ex.writer().isReady() && written.get() < 100) {
          int i = written.getAndIncrement();
          BigIntVector n = (BigIntVector) batch.getVector(0);
          n.allocateNew(1000);
          for (int r = 0; r < 1000; r++) {
            n.set(r, i * 1000L + r);
          }
          batch.setRowCount(1000);
          ex.writer().writeBatch(batch); // copied: the root is refilled at once
        }
        if (written.get() == 100 && !ex.writer().isDoneWriting()) {
          ex.writer().doneWriting();
        }
      });
      assertEquals(100_000L, c.rows.get(20, TimeUnit.SECONDS));
    }
    ex.close();
    assertThrows(IllegalStateException.class, ex::reader);
  }

  @Test
  void publishedChunksOfADictionaryEncodedStreamCarryTheirDictionaries() throws Exception {
    org.apache.arrow.vector.types.pojo.DictionaryEncoding encoding =
        new org.apache.arrow.vector.types.pojo.DictionaryEncoding(7, false, new org.apache.arrow.vector.types.pojo.ArrowType.Int(32, true));
    org.apache.arrow.vector.types.pojo.Schema schema = new org.apache.arrow.vector.types.pojo.Schema(List.of(
        new org.apache.arrow.vector.types.pojo.Field("color", new org.apache.arrow.vector.types.pojo.FieldType(true,
            new org.apache.arrow.vector.types.pojo.ArrowType.Int(32, true), encoding), null)));
    pair = LocalPair.start(transport, a -> new FlightServerBase() {
      @Override
      public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
        org.apache.arrow.vector.VarCharVector values = new org.apache.arrow.vector.VarCharVector("colors", a);
        values.allocateNew();
        String[] names = {"red", "green", "blue"};
        for (int i = 0; i < names.length; i++) {
          values.setSafe(i, names[i].getBytes(StandardCharsets.UTF_8));
        }
        values.setValueCount(names.length);
        VectorSchemaRoot batch = VectorSchemaRoot.create(schema, a);
        org.apache.arrow.vector.IntVector idx = (org.apache.arrow.vector.IntVector) batch.getVector(0);
        idx.allocateNew(6);
        for (int i = 0; i < 6; i++) {
          idx.set(i, i % 3);
        }
        batch.setRowCount(6);
        org.apache.arrow.vector.dictionary.DictionaryProvider.MapDictionaryProvider p =
            new org.apache.arrow.vector.dictionary.DictionaryProvider.MapDictionaryProvider();
        p.put(new org.apache.arrow.vector.dictionary.Dictionary(values, encoding));
        return new RecordBatchStream(schema, List.of(batch), p).onClose(() -> {
          batch.close();
          values.close();
        });
      }
    });
    List<FlightStreamChunk> kept = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    // keeps the chunks it gets (owned: closed below, after the call has ended)
    pair.client().doGetAsync(new Ticket(new byte[] {1})).subscribe(new Flow.Subscriber<>() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        s.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(FlightStreamChunk chunk) {
        kept.add(chunk);
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onComplete() {
        done.complete(null);
      }
    });
    done.get(10, TimeUnit.SECONDS);
    // the call is over and its reader closed: the kept chunk still decodes
    assertEquals(1, kept.size());
    try (FlightStreamChunk chunk = kept.get(0)) {
      org.apache.arrow.vector.dictionary.Dictionary d = chunk.dictionaries().lookup(7);
      try (org.apache.arrow.vector.ValueVector decoded =
          org.apache.arrow.vector.dictionary.DictionaryEncoder.decode(chunk.data().getVector(0), d)) {
        assertEquals("blue", decoded.getObject(5).toString());
        assertEquals("red", decoded.getObject(3).toString());
      }
    }
  }

  /** DoPut: counts the rows, acknowledges each batch with its row count, and reports the outcome. */
  private final class CountingUploads extends FlightServerBase {
    final CompletableFuture<Long> outcome = new CompletableFuture<>();
    final CountDownLatch started = new CountDownLatch(1);

    CountingUploads(BufferAllocator allocator) {}

    @Override
    public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
        FlightMetadataWriter ack) {
      started.countDown();
      long rows = 0;
      try {
        while (reader.next()) {
          rows += reader.root().getRowCount();
          ack.write(Long.toString(rows).getBytes(StandardCharsets.UTF_8));
        }
        outcome.complete(rows);
      } catch (FlightError e) {
        outcome.completeExceptionally(e);
        throw e;
      }
    }
  }

  @Test
  void asyncUploadWritesFromOnReadyAndCompletesWithTheCall() throws Exception {
    AtomicReference<CountingUploads> service = new AtomicReference<>();
    pair = LocalPair.start(transport, a -> {
      service.set(new CountingUploads(a));
      return service.get();
    });
    List<String> acks = java.util.Collections.synchronizedList(new ArrayList<>());
    int batches = 200;
    try (VectorSchemaRoot batch = Int64Data.batch(pair.clientAllocator(), 0, 10_000)) {
      DoPutStreams put = pair.client().doPutAsync(FlightDescriptor.forPath("up"), Int64Data.SCHEMA,
          FlightCallOptions.DEFAULT, ack -> acks.add(new String(ack, StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
      AtomicInteger written = new AtomicInteger();
      AtomicReference<String> thread = new AtomicReference<>();
      put.writer().onReady(() -> {
        thread.set(Thread.currentThread().getName());
        while (put.writer().isReady() && written.get() < batches) {
          put.writer().writeBatch(batch); // a writer that never blocks copies the batch
          written.incrementAndGet();
        }
        if (written.get() == batches) {
          put.writer().doneWriting();
        }
      });
      put.result().get(30, TimeUnit.SECONDS);
      put.close();
      assertTrue(thread.get().startsWith("flightwire-callback"), thread.get());
    }
    assertEquals(200L * 10_000, service.get().outcome.get(10, TimeUnit.SECONDS));
    assertEquals(batches, acks.size());
    assertEquals(Long.toString(200L * 10_000), acks.get(batches - 1));
  }

  @Test
  void closingAnAsyncUploadBeforeDoneWritingCancelsIt() throws Exception {
    AtomicReference<CountingUploads> service = new AtomicReference<>();
    pair = LocalPair.start(transport, a -> {
      service.set(new CountingUploads(a));
      return service.get();
    });
    DoPutStreams put = pair.client().doPutAsync(FlightDescriptor.forPath("up"), Int64Data.SCHEMA,
        FlightCallOptions.DEFAULT, null).get(10, TimeUnit.SECONDS);
    try (VectorSchemaRoot batch = Int64Data.batch(pair.clientAllocator(), 0, 100)) {
      put.writer().writeBatchAsync(batch).get(10, TimeUnit.SECONDS);
    }
    // a call cancelled before its handler ran never reaches the handler: wait for it to run
    assertTrue(service.get().started.await(10, TimeUnit.SECONDS));
    put.close();
    assertInstanceOf(FlightCancelledError.class, causeOf(service.get().outcome));
    assertInstanceOf(FlightCancelledError.class, causeOf(put.result()));
  }

  // ------------------------------------------------------------------ server side

  /** Asynchronous handlers: answers come later from another thread; DoGet streams from onReady. */
  private final class AsyncService extends FlightServerBase {
    private final BufferAllocator allocator;

    AsyncService(BufferAllocator allocator) {
      this.allocator = allocator;
    }

    @Override
    public CompletionStage<FlightInfo> getFlightInfoAsync(ServerCallContext context, FlightDescriptor descriptor) {
      CompletableFuture<FlightInfo> f = new CompletableFuture<>();
      LATER.schedule(() -> {
        if (descriptor.path().get(0).equals("missing")) {
          f.completeExceptionally(new FlightNotFoundError("no flight " + descriptor.path()));
        } else {
          f.complete(new FlightInfo(Int64Data.SCHEMA, descriptor, List.of(), 11, -1, false, null));
        }
      }, 50, TimeUnit.MILLISECONDS);
      return f;
    }

    @Override
    public CompletionStage<Void> doGetAsync(ServerCallContext context, Ticket ticket, FlightStreamWriter writer) {
      String[] parts = new String(ticket.ticket(), StandardCharsets.UTF_8).split(":");
      int batches = Integer.parseInt(parts[1]);
      int rows = Integer.parseInt(parts[2]);
      CompletableFuture<Void> done = new CompletableFuture<>();
      context.onCancel(serverCancelled::countDown);
      AtomicInteger i = new AtomicInteger();
      writer.begin(Int64Data.SCHEMA);
      writer.onReady(() -> {
        try {
          while (writer.isReady() && i.get() < batches) {
            VectorSchemaRoot b = Int64Data.batch(allocator, (long) rows * i.getAndIncrement(), rows);
            batchesSent.incrementAndGet();
            try {
              writer.writeBatchAsync(b).whenComplete((v, e) -> b.close());
            } catch (RuntimeException e) {
              b.close();
              throw e;
            }
          }
          if (i.get() == batches) {
            done.complete(null);
          }
        } catch (FlightError e) {
          done.completeExceptionally(e);
        }
      });
      return done;
    }
  }

  @Test
  void serverCompletionStagesAnswerBlockingAndAsyncClients() throws Exception {
    pair = LocalPair.start(transport, AsyncService::new);
    assertEquals(11, pair.client().getFlightInfo(FlightDescriptor.forPath("x")).totalRecords());
    assertEquals(11, pair.client().getFlightInfoAsync(FlightDescriptor.forPath("x")).get(10, TimeUnit.SECONDS).totalRecords());
    assertThrows(FlightNotFoundError.class, () -> pair.client().getFlightInfo(FlightDescriptor.forPath("missing")));
  }

  @Test
  void anAsyncDoGetThatSendsNoSchemaFailsTheCall() throws Exception {
    pair = LocalPair.start(transport, a -> new FlightServerBase() {
      @Override
      public CompletionStage<Void> doGetAsync(ServerCallContext context, Ticket ticket, FlightStreamWriter writer) {
        return CompletableFuture.completedFuture(null);
      }
    });
    try (FlightStreamReader r = pair.client().doGet(new Ticket(new byte[] {1}))) {
      FlightInternalError e = assertThrows(FlightInternalError.class, r::next);
      assertTrue(e.getMessage().contains("writer.begin(schema)"), e.getMessage());
    }
  }

  @Test
  void serverStreamsFromOnReadyToABlockingReader() throws Exception {
    pair = LocalPair.start(transport, AsyncService::new);
    try (FlightStreamReader r = pair.client().doGet(new Ticket("ints:300:65536".getBytes(StandardCharsets.UTF_8)))) {
      assertEquals(300L * 65536, Int64Data.readAll(r));
    }
  }

  @Test
  void clientCancellingAnAsyncDoGetEndsTheCallOnTheServer() throws Exception {
    pair = LocalPair.start(transport, AsyncService::new);
    Collector c = new Collector(false);
    pair.client().doGetAsync(new Ticket("ints:100000:65536".getBytes(StandardCharsets.UTF_8))).subscribe(c.sub);
    c.sub.request(2);
    while (c.sub.received() < 2) {
      Thread.sleep(10);
    }
    c.sub.cancel();
    assertTrue(serverCancelled.await(10, TimeUnit.SECONDS), "the server never saw the cancellation");
    Thread.sleep(200); // a write under way when the cancellation came may still count
    long sent = batchesSent.get();
    Thread.sleep(300);
    assertEquals(sent, batchesSent.get(), "the handler kept writing after the cancellation");
  }

  // ------------------------------------------------------------------ message size limit

  /** One batch of 300,000 int64 rows (2.4 MB), above the 1 MiB limit of both sides below. */
  private static final int BIG_ROWS = 300_000;
  private static final int LIMIT = 1 << 20;

  @Test
  void writeBatchAsyncOfTheServerSlicesABatchAboveMaxOutboundMessageSize() throws Exception {
    pair = LocalPair.start(transport, a -> new FlightServerBase() {
      @Override
      public CompletionStage<Void> doGetAsync(ServerCallContext context, Ticket ticket, FlightStreamWriter writer) {
        VectorSchemaRoot big = Int64Data.batch(a, 0, BIG_ROWS);
        return writer.writeBatchAsync(big, "m".getBytes(StandardCharsets.UTF_8)).whenComplete((v, e) -> big.close());
      }
    }, b -> b.maxOutboundMessageSize(LIMIT), o -> o.maxInboundMessageSize(LIMIT));
    List<Integer> batches = new ArrayList<>();
    try (FlightStreamReader r = pair.client().doGet(new Ticket(new byte[] {1}))) {
      long next = 0;
      while (r.next()) {
        BigIntVector n = (BigIntVector) r.root().getVector("n");
        for (int i = 0; i < r.root().getRowCount(); i++, next++) {
          assertEquals(next, n.get(i));
        }
        if (batches.isEmpty()) {
          assertEquals("m", new String(r.latestMetadata(), StandardCharsets.UTF_8));
        }
        batches.add(r.root().getRowCount());
      }
      assertEquals(BIG_ROWS, next);
    }
    assertTrue(batches.size() > 2, batches.toString());
  }

  @Test
  void writeBatchAsyncOfAnUploadSlicesABatchAboveMaxOutboundMessageSize() throws Exception {
    AtomicReference<CountingUploads> service = new AtomicReference<>();
    pair = LocalPair.start(transport, a -> {
      service.set(new CountingUploads(a));
      return service.get();
    }, b -> b.maxInboundMessageSize(LIMIT), o -> o.maxOutboundMessageSize(LIMIT));
    List<String> acks = java.util.Collections.synchronizedList(new ArrayList<>());
    try (VectorSchemaRoot big = Int64Data.batch(pair.clientAllocator(), 0, BIG_ROWS)) {
      DoPutStreams put = pair.client().doPutAsync(FlightDescriptor.forPath("up"), Int64Data.SCHEMA,
          FlightCallOptions.DEFAULT, ack -> acks.add(new String(ack, StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
      put.writer().writeBatchAsync(big).get(10, TimeUnit.SECONDS);
      put.writer().doneWriting();
      put.result().get(10, TimeUnit.SECONDS);
      put.close();
    }
    assertEquals(BIG_ROWS, service.get().outcome.get(10, TimeUnit.SECONDS));
    assertTrue(acks.size() > 2, acks.toString());
  }
}
