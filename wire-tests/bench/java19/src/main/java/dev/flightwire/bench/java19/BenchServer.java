package dev.flightwire.bench.java19;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.concurrent.locks.LockSupport;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The bench server of BENCH-CONTRACT.md on Apache Arrow Java flight-core 19.0.0.
 *
 * <p>Usage: {@code BenchServer --port P}. Prints {@code Server listening on localhost:<port>} once
 * it accepts calls; serves until SIGTERM or until stdin reaches EOF.
 *
 * <p>Tuning knobs (system properties, for experiments only; the defaults are the tuned choice):
 *
 * <ul>
 *   <li>{@code bench.get.mode=callback|park} (default {@code callback}): how DoGet respects
 *       backpressure. {@code callback} returns from {@code getStream} at once and sends from the
 *       listener's on-ready handler while {@code isReady()} holds, the non-blocking gRPC style.
 *       {@code park} keeps the executor thread and polls {@code isReady()}, parking 20 us between
 *       polls.
 *   <li>{@code bench.zeroCopy=true|false} (default {@code true}): {@code
 *       listener.setUseZeroCopy(...)} for DoGet.
 *   <li>{@code bench.server.directExecutor=true|false} (default {@code true}): gRPC's {@code
 *       directExecutor()} through the {@code grpc.builderConsumer} transport hint.
 *   <li>{@code bench.server.window=BYTES} (default: gRPC's 1 MiB + BDP): a fixed HTTP/2
 *       flow-control window.
 * </ul>
 */
public final class BenchServer {
  private BenchServer() {}

  static final String GET_MODE = System.getProperty("bench.get.mode", "callback");
  static final boolean ZERO_COPY =
      Boolean.parseBoolean(System.getProperty("bench.zeroCopy", "true"));

  static final class Producer extends NoOpFlightProducer {
    private final BufferAllocator allocator;
    private final Map<Shape, VectorSchemaRoot> batches = new EnumMap<>(Shape.class);
    private final FlightInfo info;

    Producer(BufferAllocator allocator) {
      this.allocator = allocator;
      for (Shape s : Shape.values()) {
        batches.put(s, s.build(allocator));
      }
      FlightDescriptor infoDescriptor = FlightDescriptor.path("info");
      List<FlightEndpoint> endpoints =
          Collections.singletonList(new FlightEndpoint(new Ticket("a".getBytes(UTF_8))));
      this.info =
          new FlightInfo(
              Shape.A.schema(), infoDescriptor, endpoints, 1_073_741_824L, 33_554_432L);
    }

    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
      Shape shape = Shape.byName(new String(ticket.getBytes(), UTF_8));
      if (shape == null) {
        listener.error(
            CallStatus.NOT_FOUND
                .withDescription("unknown ticket; expected a, b or c")
                .toRuntimeException());
        return;
      }
      // Each call gets its own root over the shared, immutable buffers (zero-copy slices).
      VectorSchemaRoot root = Shape.view(batches.get(shape), allocator);
      listener.setUseZeroCopy(ZERO_COPY);
      listener.start(root);
      if ("park".equals(GET_MODE)) {
        sendBlocking(listener, root, shape.batchesPerStream);
      } else {
        GetSender sender = new GetSender(listener, root, shape.batchesPerStream);
        listener.setOnCancelHandler(sender::cancelled);
        listener.setOnReadyHandler(sender);
        // gRPC also calls the on-ready handler once this method returns if the stream was
        // already ready; sending what fits right away saves that hop.
        sender.run();
      }
    }

    /** Blocking variant: holds the executor thread, polling isReady(). */
    private static void sendBlocking(ServerStreamListener listener, VectorSchemaRoot root, int n) {
      try {
        for (int i = 0; i < n; i++) {
          while (!listener.isReady()) {
            if (listener.isCancelled()) {
              return;
            }
            LockSupport.parkNanos(20_000);
          }
          listener.putNext();
        }
        listener.completed();
      } finally {
        root.close();
      }
    }

    @Override
    public Runnable acceptPut(
        CallContext context, FlightStream flightStream, StreamListener<PutResult> ackStream) {
      return () -> {
        FlightDescriptor d = flightStream.getDescriptor();
        Shape shape = null;
        if (d.isCommand() || d.getPath().size() != 1
            || (shape = Shape.byName(d.getPath().get(0))) == null) {
          throw CallStatus.INVALID_ARGUMENT
              .withDescription("DoPut descriptor must be PATH [\"a\"], [\"b\"] or [\"c\"]")
              .toRuntimeException();
        }
        VectorSchemaRoot root = flightStream.getRoot();
        long batches = 0;
        // next() clears the previous batch before loading the new one: nothing is kept.
        while (flightStream.next()) {
          if (root.getRowCount() != shape.rowsPerBatch) {
            throw CallStatus.INVALID_ARGUMENT
                .withDescription(
                    "batch "
                        + batches
                        + " has "
                        + root.getRowCount()
                        + " rows, expected "
                        + shape.rowsPerBatch)
                .toRuntimeException();
          }
          batches++;
        }
        ackStream.onCompleted();
      };
    }

    @Override
    public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
      if (!descriptor.isCommand()
          && descriptor.getPath().size() == 1
          && "info".equals(descriptor.getPath().get(0))) {
        return info;
      }
      throw CallStatus.NOT_FOUND
          .withDescription("unknown descriptor; expected PATH [\"info\"]")
          .toRuntimeException();
    }
  }

  /**
   * Non-blocking DoGet sender, run as the listener's on-ready handler. gRPC runs it serialized with
   * the call's other callbacks, so it needs no locking.
   */
  static final class GetSender implements Runnable {
    private final ServerStreamListener listener;
    private final VectorSchemaRoot root;
    private final int total;
    private int sent;
    private boolean done;

    GetSender(ServerStreamListener listener, VectorSchemaRoot root, int total) {
      this.listener = listener;
      this.root = root;
      this.total = total;
    }

    @Override
    public void run() {
      if (done) {
        return;
      }
      ServerStreamListener l = listener;
      try {
        while (sent < total && l.isReady()) {
          l.putNext();
          sent++;
        }
        if (sent == total) {
          finish();
          l.completed();
        } else if (l.isCancelled()) {
          finish();
        }
      } catch (RuntimeException e) {
        finish();
        if (!l.isCancelled()) {
          l.error(e);
        }
      }
    }

    void cancelled() {
      finish();
    }

    private void finish() {
      if (!done) {
        done = true;
        // Messages already handed to gRPC keep their own references to the buffers.
        root.close();
      }
    }
  }

  public static void main(String[] args) throws Exception {
    int port = 0;
    for (int i = 0; i < args.length; i++) {
      if ("--port".equals(args[i]) && i + 1 < args.length) {
        port = Integer.parseInt(args[++i]);
      } else {
        System.err.println("usage: BenchServer --port P");
        System.exit(2);
      }
    }

    BufferAllocator allocator = new RootAllocator(Long.MAX_VALUE);
    Producer producer = new Producer(allocator);
    FlightServer.Builder builder =
        FlightServer.builder(allocator, Location.forGrpcInsecure("localhost", port), producer);
    int window = Integer.getInteger("bench.server.window", 0);
    // gRPC's directExecutor(): call callbacks run on the Netty event loop. Safe here because no
    // handler blocks there: DoGet sends from the on-ready handler without waiting, GetFlightInfo
    // returns a prebuilt object, and flight-core runs the DoPut reader (acceptPut's Runnable) on
    // its own executor. The "park" DoGet mode blocks, so it keeps gRPC's executor.
    boolean direct =
        Boolean.parseBoolean(System.getProperty("bench.server.directExecutor", "true"))
            && !"park".equals(GET_MODE);
    if (window > 0 || direct) {
      builder.transportHint(
          "grpc.builderConsumer",
          (Consumer<NettyServerBuilder>)
              nsb -> {
                if (window > 0) {
                  // A fixed HTTP/2 flow-control window instead of gRPC's 1 MiB + BDP probing.
                  nsb.flowControlWindow(window);
                }
                if (direct) {
                  nsb.directExecutor();
                }
              });
    }
    FlightServer server = builder.build();
    server.start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.shutdown();
                    server.awaitTermination(2, TimeUnit.SECONDS);
                  } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                  }
                },
                "bench-server-shutdown"));

    System.out.println("Server listening on localhost:" + server.getPort());
    System.out.flush();

    Thread stdinWatcher =
        new Thread(
            () -> {
              try {
                InputStream in = System.in;
                byte[] buf = new byte[256];
                while (in.read(buf) >= 0) {
                  // discard
                }
              } catch (IOException ignored) {
                // treat like EOF
              }
              System.exit(0);
            },
            "bench-server-stdin");
    stdinWatcher.setDaemon(true);
    stdinWatcher.start();

    server.awaitTermination();
  }
}
