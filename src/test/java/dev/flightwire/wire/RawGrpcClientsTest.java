package dev.flightwire.wire;

import dev.flightwire.interop.ConformanceServer;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Wire-level gRPC rules, checked by clients that know nothing of Flight: python grpcio (gRPC
 * C-core), a raw HTTP/2 driver on python h2, and Node's @grpc/grpc-js. Status codes and exact
 * messages, Trailers-Only errors, unknown methods, missing te, non-gRPC requests, deadlines,
 * RST_STREAM cancellation, many concurrent streams on one connection, pings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RawGrpcClientsTest {
  private BufferAllocator allocator;
  private ConformanceServer.Handle server;

  @BeforeAll
  void start() throws Exception {
    allocator = new RootAllocator();
    server = ConformanceServer.start(allocator, null);
  }

  @AfterAll
  void stop() throws Exception {
    server.close();
    allocator.close();
  }

  private List<String> port() {
    return List.of("--port", Integer.toString(server.port()));
  }

  @TestFactory
  List<DynamicTest> grpcio() throws Exception {
    return CheckRunner.tests("grpcio: ", List.of(WireEnv.python(),
        WireEnv.wireTests().resolve("raw/grpcio_checks.py").toString()), this::port);
  }

  @TestFactory
  List<DynamicTest> h2() throws Exception {
    return CheckRunner.tests("h2: ", List.of(WireEnv.python(),
        WireEnv.wireTests().resolve("raw/h2_checks.py").toString()), this::port);
  }

  @TestFactory
  List<DynamicTest> grpcJs() throws Exception {
    WireEnv.nodeModules();
    return CheckRunner.tests("grpc-js: ", List.of("node",
        WireEnv.wireTests().resolve("raw/grpcjs_checks.js").toString()), this::port);
  }
}
