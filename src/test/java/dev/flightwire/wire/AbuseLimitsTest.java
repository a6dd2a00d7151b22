package dev.flightwire.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flightwire.Action;
import dev.flightwire.ActionType;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightMetadataWriter;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.Location;
import dev.flightwire.Result;
import dev.flightwire.ServerCallContext;
import java.time.Duration;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Abuse limits, each shown by wire-tests/raw/abuse_checks.py with raw HTTP/2 frames: concurrent
 * streams, rapid reset, SETTINGS and empty-frame floods, flow-control violations, handshake and
 * idle timeouts. After all of it the server still answers, and nothing leaked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AbuseLimitsTest {
  private static final int MAX_STREAMS = 5;
  private BufferAllocator allocator;
  private FlightServer server;

  @BeforeAll
  void start() throws Exception {
    allocator = new RootAllocator();
    server = FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0), new FlightServerBase() {
      @Override
      public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
          FlightMetadataWriter writer) {
        while (reader.next()) {
          // consume
        }
      }

      @Override
      public void doExchange(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
          dev.flightwire.FlightStreamWriter writer) {
        long end = System.nanoTime() + 3_000_000_000L; // does not read: messages pile up unconsumed
        while (System.nanoTime() < end && !context.isCancelled()) {
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }

      @Override
      public Iterable<Result> doAction(ServerCallContext context, Action action) {
        return List.of(Result.of("ok"));
      }

      @Override
      public Iterable<ActionType> listActions(ServerCallContext context) {
        return List.of(new ActionType("ok", "answers ok"));
      }
    }).maxConcurrentCallsPerConnection(MAX_STREAMS).handshakeTimeout(Duration.ofSeconds(1))
        .maxConnectionIdle(Duration.ofSeconds(1)).build().start();
  }

  @AfterAll
  void stop() {
    server.close();
    allocator.close();
  }

  @TestFactory
  List<DynamicTest> abuse() throws Exception {
    return CheckRunner.tests("abuse: ", List.of(WireEnv.python(),
        WireEnv.wireTests().resolve("raw/abuse_checks.py").toString(), "--max-streams",
        Integer.toString(MAX_STREAMS), "--timeout", "1"), () -> List.of("--port", Integer.toString(server.port())));
  }

  @Test
  void theServerStillAnswersAfterwards() throws Exception {
    // runs in any order relative to the checks: either way a fresh client must be served
    try (FlightClient client = FlightClient.connect(server.location(),
        FlightClientOptions.builder().allocator(allocator).build())) {
      assertEquals(List.of(Result.of("ok")), client.doAction(new Action("ok")).toList());
    }
  }
}
