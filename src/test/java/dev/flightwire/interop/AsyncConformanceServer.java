package dev.flightwire.interop;

import dev.flightwire.FlightCancelledError;
import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightStreamChunk;
import dev.flightwire.FlightStreamWriter;
import dev.flightwire.SchemaResult;
import dev.flightwire.ServerCallContext;
import dev.flightwire.Ticket;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The conformance service of wire-tests/CONTRACT.md answered through the asynchronous handlers
 * of {@link dev.flightwire.FlightServerBase}: the same service as {@link ConformanceServer}
 * (whose methods decide every answer), but
 * <ul>
 *   <li>GetFlightInfo and GetSchema return a stage that the service's own producer threads
 *       complete, so the server's executor thread is free as soon as the handler returns;</li>
 *   <li>DoGet is served by {@code doGetAsync}: the stream the blocking service would return
 *       (stored tables with their dictionaries, batch boundaries and schema metadata; the
 *       generated {@code slow}, {@code metadata} and {@code error_after} streams) is produced on
 *       the producer threads and written from {@code onReady} with {@code writeBatchAsync}, never
 *       blocking; the call ends when the stage completes (OK, or the stream's error).</li>
 * </ul>
 * Everything else (DoPut, DoExchange, ListFlights, actions, Handshake) stays blocking. The
 * contract has no PollFlightInfo.
 */
public final class AsyncConformanceServer extends ConformanceServer {
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** Produces answers and chunks, off the server's executor. */
  private final ExecutorService producer = Executors.newFixedThreadPool(3, r -> {
    Thread t = new Thread(r, "conformance-async-producer-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  });

  /** As {@link ConformanceServer#ConformanceServer(BufferAllocator, Path)}. */
  public AsyncConformanceServer(BufferAllocator allocator, Path dataDir) throws IOException {
    super(allocator, dataDir);
  }

  /** The blocking answer, computed on a producer thread. */
  private <T> CompletionStage<T> later(Supplier<T> answer) {
    return CompletableFuture.supplyAsync(answer, producer);
  }

  @Override
  public CompletionStage<FlightInfo> getFlightInfoAsync(ServerCallContext context, FlightDescriptor descriptor) {
    return later(() -> getFlightInfo(context, descriptor));
  }

  @Override
  public CompletionStage<SchemaResult> getSchemaAsync(ServerCallContext context, FlightDescriptor descriptor) {
    return later(() -> getSchema(context, descriptor));
  }

  @Override
  public CompletionStage<Void> doGetAsync(ServerCallContext context, Ticket ticket, FlightStreamWriter writer) {
    if (!writer.isNonBlocking()) {
      return CompletableFuture.failedFuture(new IllegalStateException("doGetAsync got a blocking writer"));
    }
    FlightDataStream data;
    try {
      data = doGet(context, ticket);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return new Pump(context, data, writer).start();
  }

  /** Stops the producer threads, then frees the tables (after the server has shut down). */
  @Override
  public void close() {
    producer.shutdownNow();
    try {
      if (!producer.awaitTermination(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the producer threads did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      super.close();
    }
  }

  /**
   * Sends one {@link FlightDataStream} through the writer of {@code doGetAsync}. The stream's
   * {@code next()} runs on a producer thread, one call at a time; chunks are written with
   * {@code writeBatchAsync} while the writer is ready, and the rest waits for {@code onReady}.
   * A stream that refills its root ({@code immutableData()} false) is asked for the next chunk
   * only once the write future of the last one completed. The stream is closed, and the stage
   * completed, once no write is in flight: normally when the stream ended, exceptionally with
   * its error (or when the call failed or was cancelled).
   *
   * <p>{@link #pump()} is a serial drain: whichever thread signals runs it (an {@code onReady}
   * callback, a producer thread, a write future's completion), never two at once, so the
   * writer is used by one thread at a time and no thread waits.
   */
  private final class Pump {
    private final ServerCallContext context;
    private final FlightDataStream data;
    private final FlightStreamWriter writer;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicInteger signals = new AtomicInteger();
    // guarded by this: set by the producer and the write futures, read by the drain
    private FlightStreamChunk produced;
    private boolean ended;
    private Throwable failure;
    private boolean producing;
    private int inFlight;
    // drain only
    private boolean closed;

    Pump(ServerCallContext context, FlightDataStream data, FlightStreamWriter writer) {
      this.context = context;
      this.data = data;
      this.writer = writer;
    }

    CompletionStage<Void> start() {
      try {
        writer.begin(data.schema(), data.dictionaries()); // schema and dictionaries, queued at once
      } catch (RuntimeException e) {
        fail(e);
      }
      context.onCancel(this::pump);
      writer.onReady(this::pump);
      return done;
    }

    private synchronized void fail(Throwable e) {
      if (failure == null) {
        failure = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      }
    }

    void pump() {
      if (signals.getAndIncrement() != 0) {
        return; // the running drain goes round once more
      }
      int missed = 1;
      do {
        drain();
        missed = signals.addAndGet(-missed);
      } while (missed != 0);
    }

    private void drain() {
      while (!closed) {
        FlightStreamChunk chunk = null;
        boolean produce = false;
        synchronized (this) {
          boolean over = failure != null || context.isCancelled() || ended && produced == null;
          if (over) {
            if (produced != null) {
              produced.close(); // never sent
              produced = null;
            }
            if (inFlight > 0 || producing) {
              return; // the write futures and the producer signal when they are done
            }
          } else if (produced != null) {
            if (!writer.isReady()) {
              return; // onReady signals
            }
            chunk = produced;
            produced = null;
          } else if (!producing && !ended && (inFlight == 0 || data.immutableData())) {
            producing = true;
            produce = true;
          } else {
            return;
          }
        }
        if (chunk != null) {
          write(chunk);
        } else if (produce) {
          produce();
          return; // the producer signals
        } else {
          finish();
        }
      }
    }

    private void write(FlightStreamChunk chunk) {
      try {
        if (chunk.data() == null) {
          if (chunk.appMetadata() != null) {
            writer.writeMetadata(chunk.appMetadata());
          }
          chunk.close();
          return;
        }
        CompletableFuture<Void> written = writer.writeBatchAsync(chunk.data(), chunk.appMetadata());
        synchronized (this) {
          inFlight++;
        }
        written.whenComplete((v, e) -> {
          chunk.close();
          synchronized (this) {
            inFlight--;
          }
          if (e != null) {
            fail(e);
          }
          pump();
        });
      } catch (RuntimeException e) {
        chunk.close();
        fail(e);
      }
    }

    private void produce() {
      try {
        producer.execute(() -> {
          FlightStreamChunk c = null;
          Throwable error = null;
          try {
            c = data.next();
          } catch (Throwable t) {
            error = t;
          }
          synchronized (this) {
            producing = false;
            if (error != null) {
              fail(error);
            } else if (c == null) {
              ended = true;
            } else {
              produced = c;
            }
          }
          pump();
        });
      } catch (RejectedExecutionException e) {
        synchronized (this) {
          producing = false;
        }
        fail(new FlightCancelledError("the server is shutting down"));
        pump();
      }
    }

    /** No write in flight and nothing produced: closes the stream and completes the stage. */
    private void finish() {
      closed = true;
      writer.onReady(null);
      Throwable error;
      synchronized (this) {
        error = failure;
      }
      try {
        data.close();
      } catch (Exception e) {
        if (error == null) {
          error = e;
        }
      }
      if (error != null) {
        done.completeExceptionally(error);
      } else if (context.isCancelled()) {
        done.completeExceptionally(new FlightCancelledError("the call was cancelled"));
      } else {
        done.complete(null);
      }
    }
  }
}
