package dev.flightwire;

import dev.flightwire.testing.LocalPair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.flightwire.testing.Int64Data;
import dev.flightwire.testing.Waits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Interrupting a thread blocked in a call stops the call: the thread gets
 * {@link FlightCancelledError} caused by the {@link InterruptedException}, with its interrupt flag
 * set again; the peer sees the call cancelled; nothing leaks. Covers reads of DoGet (also through
 * {@code Future.cancel(true)}), unary calls, action results, DoPut writes blocked on flow control,
 * DoPut acknowledgement reads, and a server handler interrupted in a read.
 */
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(dev.flightwire.testing.TestTransport.class)
class InterruptTest {
  @org.junit.jupiter.params.Parameter
  dev.flightwire.testing.TestTransport transport;

  private LocalPair pair;
  private BufferAllocator serverAlloc;
  private BufferAllocator clientAlloc;
  private FlightServer server;
  private FlightClient client;
  /** Counted down when a stalled server handler sees its call cancelled. */
  private volatile CountDownLatch serverCancelled = new CountDownLatch(1);
  /** What the server's DoPut handler threw, for the server-side interrupt case. */
  private final AtomicReference<Throwable> handlerError = new AtomicReference<>();
  private final AtomicReference<Thread> handlerThread = new AtomicReference<>();
  private final CountDownLatch handlerDone = new CountDownLatch(1);

  /**
   * DoGet sends one batch, then stalls until cancelled. GetFlightInfo stalls until cancelled.
   * DoAction returns one result, then stalls. DoPut {@code no-read} reads nothing until cancelled;
   * {@code read-stall} reads everything and never acknowledges nor returns until cancelled;
   * {@code server-read} records its thread and reads (the test interrupts it).
   */
  private final class Service extends FlightServerBase {
    @Override
    public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
      CountDownLatch cancelled = serverCancelled;
      context.onCancel(cancelled::countDown);
      return new FlightDataStream() {
        private VectorSchemaRoot batch;

        @Override
        public org.apache.arrow.vector.types.pojo.Schema schema() {
          return Int64Data.SCHEMA;
        }

        @Override
        public FlightStreamChunk next() throws Exception {
          if (batch == null) {
            batch = Int64Data.batch(serverAlloc, 0, 10);
            return FlightStreamChunk.of(batch);
          }
          cancelled.await(10, TimeUnit.SECONDS);
          return null;
        }

        @Override
        public void close() {
          if (batch != null) {
            batch.close();
          }
        }
      };
    }

    @Override
    public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
      stallUntilCancelled(context);
      throw new FlightCancelledError("cancelled");
    }

    @Override
    public Iterable<Result> doAction(ServerCallContext context, Action action) {
      return () -> new Iterator<>() {
        private boolean first = true;

        @Override
        public boolean hasNext() {
          if (first) {
            return true;
          }
          stallUntilCancelled(context);
          return false;
        }

        @Override
        public Result next() {
          first = false;
          return new Result("one".getBytes(StandardCharsets.UTF_8));
        }
      };
    }

    @Override
    public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
        FlightMetadataWriter writer) {
      switch (descriptor.path().get(0)) {
        case "no-read":
          stallUntilCancelled(context);
          break;
        case "read-stall":
          reader.next();
          stallUntilCancelled(context);
          break;
        case "server-read":
          handlerThread.set(Thread.currentThread());
          try {
            while (reader.next()) {
              // until interrupted
            }
          } catch (Throwable t) {
            handlerError.set(t);
            if (Thread.currentThread().isInterrupted()) {
              handlerError.set(new AssertionError("flag set", t));
            }
            throw t;
          } finally {
            handlerDone.countDown();
          }
          break;
        default:
          throw new FlightInvalidArgumentError("unknown mode");
      }
    }

    private void stallUntilCancelled(ServerCallContext context) {
      CountDownLatch cancelled = serverCancelled;
      context.onCancel(cancelled::countDown);
      try {
        cancelled.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @BeforeEach
  void start() throws Exception {
    pair = LocalPair.start(transport, alloc -> {
      serverAlloc = alloc;
      return new Service();
    }, b -> b, o -> o.outboundBufferBytes(1 << 20));
    server = pair.server();
    client = pair.client();
    clientAlloc = pair.clientAllocator();
  }

  @AfterEach
  void stop() {
    pair.close();
  }

  /** What a blocked call threw when its thread was interrupted, and whether the flag was set then. */
  private record Outcome(Throwable thrown, boolean flagSet) {}

  private interface Body {
    void run() throws Exception;
  }

  /**
   * Runs {@code body} on a new thread, interrupts it once it blocks in {@code blocking}, and
   * returns what the blocking part threw.
   */
  private static Outcome interruptWhileBlocked(Body setup, Body blocking) throws Exception {
    AtomicReference<Outcome> out = new AtomicReference<>();
    CountDownLatch ready = new CountDownLatch(1);
    Thread t = new Thread(() -> {
      try {
        setup.run();
      } catch (Exception e) {
        out.set(new Outcome(e, false));
        ready.countDown();
        return;
      }
      ready.countDown();
      try {
        blocking.run();
        out.set(new Outcome(null, Thread.currentThread().isInterrupted()));
      } catch (Throwable e) {
        out.set(new Outcome(e, Thread.currentThread().isInterrupted()));
      }
    }, "interrupt-test");
    t.start();
    assertTrue(ready.await(10, TimeUnit.SECONDS));
    awaitBlocked(t);
    t.interrupt();
    t.join(5_000);
    assertTrue(!t.isAlive(), "the interrupted thread is still blocked");
    return out.get();
  }

  /** Waits until {@code t} is parked (blocked in a wait), at most 10 s. */
  private static void awaitBlocked(Thread t) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < end) {
      Thread.State s = t.getState();
      if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
        Thread.sleep(50); // and still there a moment later
        s = t.getState();
        if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
          return;
        }
      }
      Thread.sleep(5);
    }
    fail("the thread never blocked: " + t.getState());
  }

  private static void assertCancelledByInterrupt(Outcome o) {
    assertNotNull(o, "no outcome");
    assertNotNull(o.thrown(), "the call returned instead of failing");
    FlightCancelledError e = assertInstanceOf(FlightCancelledError.class, o.thrown(), () -> o.thrown().toString());
    assertInstanceOf(InterruptedException.class, e.getCause(), "cause");
    assertTrue(o.flagSet(), "the interrupt flag is restored");
  }

  private void assertServerSawCancel() throws InterruptedException {
    assertTrue(serverCancelled.await(5, TimeUnit.SECONDS), "the server handler saw the call cancelled");
  }

  @Test
  void anInterruptedReadCancelsTheCall() throws Exception {
    AtomicReference<FlightStreamReader> reader = new AtomicReference<>();
    Outcome o = interruptWhileBlocked(() -> {
      reader.set(client.doGet(new Ticket(new byte[] {1})));
      assertTrue(reader.get().next());
    }, () -> reader.get().next());
    assertCancelledByInterrupt(o);
    assertServerSawCancel();
    assertThrows(FlightCancelledError.class, () -> reader.get().next(), "later reads fail too");
    reader.get().close();
  }

  @Test
  void aReadOnAnInterruptedThreadFailsAtOnce() throws Exception {
    try (FlightStreamReader reader = client.doGet(new Ticket(new byte[] {1}))) {
      assertTrue(reader.next()); // the handler runs and stalls after this batch
      Thread.currentThread().interrupt();
      try {
        FlightCancelledError e = assertThrows(FlightCancelledError.class, reader::next);
        assertInstanceOf(InterruptedException.class, e.getCause());
        assertTrue(Thread.currentThread().isInterrupted());
      } finally {
        Thread.interrupted();
      }
    }
    assertServerSawCancel();
  }

  @Test
  void futureCancelFreesATaskBlockedInNextWithin100Ms() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch blocked = new CountDownLatch(1);
      CountDownLatch done = new CountDownLatch(1);
      AtomicLong freedAt = new AtomicLong();
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      AtomicReference<Thread> worker = new AtomicReference<>();
      Future<?> task = pool.submit(() -> {
        worker.set(Thread.currentThread());
        try (FlightStreamReader reader = client.doGet(new Ticket(new byte[] {1}))) {
          reader.next();
          blocked.countDown();
          reader.next();
        } catch (Throwable t) {
          freedAt.set(System.nanoTime());
          thrown.set(t);
        } finally {
          done.countDown();
        }
        return null;
      });
      assertTrue(blocked.await(10, TimeUnit.SECONDS));
      awaitBlocked(worker.get());
      long cancelAt = System.nanoTime();
      assertTrue(task.cancel(true));
      assertTrue(done.await(5, TimeUnit.SECONDS), "the task is still blocked");
      long millis = TimeUnit.NANOSECONDS.toMillis(freedAt.get() - cancelAt);
      assertTrue(millis < 100, "freed after " + millis + " ms");
      FlightCancelledError e = assertInstanceOf(FlightCancelledError.class, thrown.get());
      assertInstanceOf(InterruptedException.class, e.getCause());
      assertServerSawCancel();
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void anInterruptedUnaryCallIsCancelled() throws Exception {
    Outcome o = interruptWhileBlocked(() -> { }, () -> client.getFlightInfo(FlightDescriptor.forCommand(new byte[] {1})));
    assertCancelledByInterrupt(o);
    assertServerSawCancel();
  }

  @Test
  void anInterruptedActionResultReadIsCancelled() throws Exception {
    AtomicReference<ResultStream<Result>> results = new AtomicReference<>();
    Outcome o = interruptWhileBlocked(() -> {
      results.set(client.doAction(new Action("stall", new byte[0])));
      assertTrue(results.get().hasNext());
      results.get().next();
    }, () -> results.get().hasNext());
    assertCancelledByInterrupt(o);
    assertServerSawCancel();
    results.get().close();
  }

  @Test
  void anInterruptedWriteBlockedOnFlowControlIsCancelled() throws Exception {
    AtomicReference<DoPutStreams> put = new AtomicReference<>();
    AtomicReference<VectorSchemaRoot> batch = new AtomicReference<>();
    Outcome o = interruptWhileBlocked(() -> {
      put.set(client.doPut(FlightDescriptor.forPath("no-read"), Int64Data.SCHEMA));
      batch.set(Int64Data.batch(clientAlloc, 0, 131_072)); // 1 MiB
    }, () -> {
      for (int i = 0; i < 1000; i++) {
        put.get().writer().writeBatch(batch.get());
      }
    });
    try {
      assertCancelledByInterrupt(o);
      assertServerSawCancel();
    } finally {
      batch.get().close();
      put.get().close();
    }
  }

  @Test
  void anInterruptedAcknowledgementReadIsCancelled() throws Exception {
    AtomicReference<DoPutStreams> put = new AtomicReference<>();
    Outcome o = interruptWhileBlocked(() -> {
      put.set(client.doPut(FlightDescriptor.forPath("read-stall"), Int64Data.SCHEMA));
      try (VectorSchemaRoot b = Int64Data.batch(clientAlloc, 0, 10)) {
        put.get().writer().writeBatch(b);
      }
    }, () -> put.get().reader().read());
    try {
      assertCancelledByInterrupt(o);
      assertServerSawCancel();
    } finally {
      put.get().close();
    }
  }

  @Test
  void awaitTerminationIsInterruptible() throws Exception {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        server.awaitTermination();
      } catch (Throwable e) {
        thrown.set(e);
      }
    });
    t.start();
    awaitBlocked(t);
    t.interrupt();
    t.join(5_000);
    assertTrue(!t.isAlive(), "awaitTermination still blocked");
    assertInstanceOf(InterruptedException.class, thrown.get());
  }

  @Test
  void anInterruptedServerReadCancelsTheCall() throws Exception {
    try (DoPutStreams put = client.doPut(FlightDescriptor.forPath("server-read"), Int64Data.SCHEMA);
        VectorSchemaRoot b = Int64Data.batch(clientAlloc, 0, 10)) {
      put.writer().writeBatch(b);
      Waits.until(() -> handlerThread.get() != null, Duration.ofSeconds(10));
      Thread h = handlerThread.get();
      assertNotNull(h);
      awaitBlocked(h);
      h.interrupt();
      assertTrue(handlerDone.await(5, TimeUnit.SECONDS), "the handler is still blocked");
      Throwable t = handlerError.get();
      assertInstanceOf(AssertionError.class, t, "the flag was restored: " + t);
      FlightCancelledError e = assertInstanceOf(FlightCancelledError.class, t.getCause());
      assertInstanceOf(InterruptedException.class, e.getCause());
      FlightError clientSide = assertThrows(FlightError.class, put::complete);
      assertEquals(FlightStatusCode.CANCELLED, clientSide.code(), clientSide.toString());
    }
  }
}
