package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.testing.ChunkSubscriber;
import dev.flightwire.testing.Int64Data;
import dev.flightwire.testing.LocalPair;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/**
 * 10,000 slow DoGet streams at once, from one asynchronous client to one asynchronous server,
 * on a handful of threads: the server writes each stream's batches from a timer, one every
 * 100 ms; the client reads them through Flow subscribers that request one chunk at a time. Every
 * row is checked, both allocators must end empty, and no side may use more than 16 threads.
 */
class AsyncScaleTest {
  private static final int STREAMS = 10_000;
  private static final int BATCHES = 5;
  private static final int ROWS = 100;

  /** Streams BATCHES batches of ROWS rows counting up from the ticket's number, one per tick. */
  private static final class SlowService extends FlightServerBase {
    private final BufferAllocator allocator;
    private final ScheduledExecutorService timer;

    SlowService(BufferAllocator allocator, ScheduledExecutorService timer) {
      this.allocator = allocator;
      this.timer = timer;
    }

    @Override
    public CompletionStage<Void> doGetAsync(ServerCallContext context, Ticket ticket, FlightStreamWriter writer) {
      long base = Long.parseLong(new String(ticket.ticket(), StandardCharsets.UTF_8));
      CompletableFuture<Void> done = new CompletableFuture<>();
      writer.begin(Int64Data.SCHEMA);
      AtomicInteger next = new AtomicInteger();
      Runnable[] tick = new Runnable[1];
      tick[0] = () -> {
        if (context.isCancelled()) {
          done.completeExceptionally(new FlightCancelledError("cancelled"));
          return;
        }
        if (!writer.isReady()) {
          timer.schedule(tick[0], 10, TimeUnit.MILLISECONDS);
          return;
        }
        int i = next.getAndIncrement();
        VectorSchemaRoot batch = Int64Data.batch(allocator, base + (long) i * ROWS, ROWS);
        try {
          writer.writeBatchAsync(batch).whenComplete((v, e) -> batch.close());
        } catch (RuntimeException e) {
          batch.close();
          done.completeExceptionally(e);
          return;
        }
        if (i + 1 == BATCHES) {
          done.complete(null);
        } else {
          timer.schedule(tick[0], 100, TimeUnit.MILLISECONDS);
        }
      };
      timer.schedule(tick[0], 100, TimeUnit.MILLISECONDS);
      return done;
    }
  }

  /** Checks that a stream's rows count up from its base; requests one chunk at a time. */
  private static final class Checker {
    final ChunkSubscriber sub;
    final CompletableFuture<Long> rows;
    private long next;

    Checker(long base) {
      sub = new ChunkSubscriber(chunk -> {
        BigIntVector n = (BigIntVector) chunk.data().getVector(0);
        for (int i = 0; i < chunk.data().getRowCount(); i++, next++) {
          if (n.get(i) != base + next) {
            throw new AssertionError("stream " + base + ": row " + next + " holds " + n.get(i));
          }
        }
        return true;
      });
      rows = sub.done.thenApply(v -> next);
    }
  }

  /** The most threads seen at once per side, by thread name. */
  private static final class ThreadCensus {
    final Map<String, Integer> most = new ConcurrentHashMap<>();

    void sample() {
      int client = 0;
      int server = 0;
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        String n = t.getName();
        if (n.startsWith("flightwire-client") || n.startsWith("flightwire-callback")) {
          client++;
        } else if (n.startsWith("flightwire-accept") || n.startsWith("flightwire-io") || n.startsWith("scale-server")) {
          server++;
        }
      }
      most.merge("client", client, Math::max);
      most.merge("server", server, Math::max);
    }
  }

  @Test
  void tenThousandSlowStreamsOnAFewThreads() throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> named(r, "scale-server-timer"));
    ExecutorService handlers = Executors.newFixedThreadPool(4, r -> named(r, "scale-server-handler"));
    ThreadCensus census = new ThreadCensus();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> named(r, "scale-sampler"));
    sampler.scheduleAtFixedRate(census::sample, 0, 20, TimeUnit.MILLISECONDS);
    try (LocalPair pair = LocalPair.start(a -> new SlowService(a, timer),
        b -> b.executor(handlers).maxConcurrentCallsPerConnection(STREAMS), o -> o)) {
      long start = System.nanoTime();
      Checker[] checkers = new Checker[STREAMS];
      for (int s = 0; s < STREAMS; s++) {
        long base = (long) s * BATCHES * ROWS;
        checkers[s] = new Checker(base);
        pair.client().doGetAsync(new Ticket(Long.toString(base).getBytes(StandardCharsets.UTF_8))).subscribe(checkers[s].sub);
      }
      AtomicLong total = new AtomicLong();
      for (Checker c : checkers) {
        total.addAndGet(c.rows.get(120, TimeUnit.SECONDS));
      }
      census.sample();
      System.out.printf("%d streams, %d rows in %.1f s; threads at most: %s%n", STREAMS, total.get(),
          (System.nanoTime() - start) / 1e9, census.most);
      assertEquals((long) STREAMS * BATCHES * ROWS, total.get());
    } finally {
      sampler.shutdownNow();
      timer.shutdownNow();
      handlers.shutdownNow();
    }
    assertTrue(census.most.get("client") <= 16, "client threads: " + census.most);
    assertTrue(census.most.get("server") <= 16, "server threads: " + census.most);
  }

  private static Thread named(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
