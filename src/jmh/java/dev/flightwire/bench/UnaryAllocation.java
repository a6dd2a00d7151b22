package dev.flightwire.bench;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightServerBase;
import dev.flightwire.Location;
import dev.flightwire.ServerCallContext;
import dev.flightwire.Ticket;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Heap bytes allocated per unary GetFlightInfo call on each side, client and server in one JVM
 * over loopback TCP: each thread's allocation counter (HotSpot's ThreadMXBean) is read before and
 * after the measured calls, and every thread is counted to its side by name (the server's event
 * loops and handler threads; the client's event loops, callback threads and the calling thread).
 * The FlightInfo is the bench server's (wire-tests/bench/BENCH-CONTRACT.md).
 *
 * <pre>java --add-opens=java.base/java.nio=ALL-UNNAMED -cp target/benchmarks.jar dev.flightwire.bench.UnaryAllocation [CALLS] [--direct]</pre>
 */
public final class UnaryAllocation {
  private UnaryAllocation() {}

  private static String side(Thread t) {
    String n = t.getName();
    if (n.startsWith("flightwire-io") || n.startsWith("flightwire-server") || n.startsWith("flightwire-accept")) {
      return "server";
    }
    if (n.startsWith("flightwire-client") || n.startsWith("flightwire-callback") || t == Thread.currentThread()) {
      return "client";
    }
    return "other";
  }

  private static Map<String, Long> allocatedBySide() {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Map<String, Long> bytes = new TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      long b = mx.getThreadAllocatedBytes(t.getId());
      if (b > 0) {
        bytes.merge(side(t), b, Long::sum);
      }
    }
    return bytes;
  }

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : 200_000;
    boolean direct = List.of(args).contains("--direct");
    FlightInfo info = new FlightInfo(BenchShapes.INT64X4, FlightDescriptor.forPath("info"),
        List.of(new FlightEndpoint(Ticket.of("a"))), 33_554_432L, 1_073_741_824L, false, null);
    try (BufferAllocator allocator = new RootAllocator()) {
      FlightServer.Builder b = FlightServer.builder(allocator, Location.forGrpcTcp("127.0.0.1", 0),
          new FlightServerBase() {
            @Override
            public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
              return info;
            }
          });
      if (direct) {
        b.directExecutor();
      }
      try (FlightServer server = b.build().start();
          FlightClient client = FlightClient.connect(server.location(),
              FlightClientOptions.builder().allocator(allocator).build())) {
        FlightDescriptor d = FlightDescriptor.forPath("info");
        for (int i = 0; i < Math.max(20_000, calls / 2); i++) {
          client.getFlightInfo(d); // warm-up: compiled code allocates less than the interpreter
        }
        Map<String, Long> before = allocatedBySide();
        for (int i = 0; i < calls; i++) {
          client.getFlightInfo(d);
        }
        Map<String, Long> after = allocatedBySide();
        System.out.printf("GetFlightInfo, %d calls%s; bytes allocated per call:%n", calls,
            direct ? ", server handlers on the event loop" : "");
        for (String side : after.keySet()) {
          long n = after.get(side) - before.getOrDefault(side, 0L);
          System.out.printf("  %-7s %,8d%n", side, n / calls);
        }
      }
    }
  }
}
