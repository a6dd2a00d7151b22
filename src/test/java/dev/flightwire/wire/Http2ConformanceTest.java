package dev.flightwire.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flightwire.ActionType;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightMetadataWriter;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.Location;
import dev.flightwire.ServerCallContext;
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
 * HTTP/2 (RFC 9113) conformance, each case shown by wire-tests/raw/conformance_checks.py with raw
 * frames and the exact answer: invalid preface, HEADERS over MAX_FRAME_SIZE, decreasing stream ids,
 * requests missing a pseudo-header, control frames the client never reads, and a flood of streams
 * against MAX_CONCURRENT_STREAMS. After all of it the server still answers, and nothing leaked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Http2ConformanceTest {
  private static final int MAX_STREAMS = 5;
  private static final List<ActionType> ACTIONS = List.of(new ActionType("ok", "answers ok"));
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
      public Iterable<ActionType> listActions(ServerCallContext context) {
        return ACTIONS;
      }
    }).maxConcurrentCallsPerConnection(MAX_STREAMS).build().start();
  }

  @AfterAll
  void stop() {
    server.close();
    allocator.close();
  }

  @TestFactory
  List<DynamicTest> conformance() throws Exception {
    return CheckRunner.tests("h2: ", List.of(WireEnv.python(),
        WireEnv.wireTests().resolve("raw/conformance_checks.py").toString(), "--max-streams",
        Integer.toString(MAX_STREAMS), "--max-frame-size", Integer.toString(256 << 10)),
        () -> List.of("--port", Integer.toString(server.port())));
  }

  @Test
  void theServerStillAnswersAfterwards() throws Exception {
    // runs in any order relative to the checks: either way a fresh client must be served
    try (FlightClient client = FlightClient.connect(server.location(),
        FlightClientOptions.builder().allocator(allocator).build())) {
      assertEquals(ACTIONS, client.listActions().toList());
    }
  }
}
