package dev.flightwire.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.Action;
import dev.flightwire.CallHeaders;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightError;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightServerError;
import dev.flightwire.Location;
import dev.flightwire.Result;
import dev.flightwire.ServerCallContext;
import dev.flightwire.middleware.ClientCookieMiddlewareFactory;
import dev.flightwire.middleware.ClientMiddleware;
import dev.flightwire.middleware.ServerMiddleware;
import dev.flightwire.middleware.TracingServerMiddleware;
import dev.flightwire.middleware.TracingServerMiddlewareFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Arrow integration `middleware` scenario (headers reach middleware on success and on a call
 * that fails early, in a Trailers-Only response), cookies, and W3C tracing, against pyarrow and
 * Arrow Java in both directions.
 */
class MiddlewareInteropTest {
  /** The scenario's server, plus cookie and trace actions. */
  static FlightServer ourServer(BufferAllocator allocator) throws Exception {
    return FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0), new FlightServerBase() {
      @Override
      public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
        if (descriptor.isCommand() && new String(descriptor.command(), StandardCharsets.UTF_8).equals("success")) {
          return new FlightInfo(new Schema(List.of()), descriptor, List.of());
        }
        throw new FlightServerError("Unknown");
      }

      @Override
      public Iterable<Result> doAction(ServerCallContext context, Action action) {
        switch (action.type()) {
          case "set-cookie":
            context.addHeader("set-cookie", "flight_session=s1; Path=/");
            return List.of(Result.of("ok"));
          case "echo-cookie":
            return List.of(Result.of(String.join("; ", context.headers().getAll("cookie"))));
          case "trace": {
            TracingServerMiddleware t = context.middleware(TracingServerMiddlewareFactory.KEY);
            return List.of(Result.of("trace=" + t.traceId()), Result.of("parent=" + t.parentSpanId()),
                Result.of("state=" + t.traceState()));
          }
          default:
            throw new dev.flightwire.FlightInvalidArgumentError("unknown action " + action.type());
        }
      }
    }).middleware("echo", (info, headers) -> {
      String value = headers.get("x-middleware");
      return new ServerMiddleware() {
        @Override
        public void sendingHeaders(CallHeaders outgoing) {
          if (value != null) {
            outgoing.insert("x-middleware", value);
          }
        }
      };
    }).middleware(TracingServerMiddlewareFactory.KEY, new TracingServerMiddlewareFactory()).build().start();
  }

  private static List<String> python(String... args) {
    List<String> c = new ArrayList<>(List.of(WireEnv.python(),
        WireEnv.wireTests().resolve("python/middleware_peer.py").toString()));
    c.addAll(List.of(args));
    return c;
  }

  private static List<String> java(String... args) {
    List<String> c = new ArrayList<>(List.of(WireEnv.javaPeerRun().toString(), "middleware"));
    c.addAll(List.of(args));
    return c;
  }

  private static void expectPass(List<String> command, String expected) throws Exception {
    PeerProcess.Output out = PeerProcess.run(command, 120, TimeUnit.SECONDS);
    assertEquals(0, out.exitCode(), out.text());
    assertTrue(out.text().contains(expected), out.text());
  }

  @Test
  void theirClientsOurServer() throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        FlightServer server = ourServer(allocator)) {
      String port = Integer.toString(server.port());
      expectPass(python("client", "--port", port), "PASS middleware");
      expectPass(java("client", "--port", port), "PASS middleware");
      expectPass(java("cookie-client", "--port", port), "PASS cookie");
    }
  }

  /** Records the x-middleware header the client middleware receives. */
  static final class Recorder implements ClientMiddleware {
    volatile String received;
    volatile FlightError error;
    volatile boolean completed;

    @Override
    public void sendingHeaders(CallHeaders outgoing) {
      outgoing.insert("x-middleware", "expected value");
    }

    @Override
    public void receivedHeaders(CallHeaders incoming) {
      received = incoming.get("x-middleware");
    }

    @Override
    public void callCompleted(FlightError e) {
      error = e;
      completed = true;
    }
  }

  private static void ourClient(BufferAllocator allocator, int port) {
    List<Recorder> calls = new ArrayList<>();
    FlightClientOptions options = FlightClientOptions.builder().allocator(allocator).middleware(info -> {
      Recorder r = new Recorder();
      calls.add(r);
      return r;
    }).middleware(new ClientCookieMiddlewareFactory()).build();
    try (FlightClient client = FlightClient.connect(Location.forGrpcTcp("localhost", port), options)) {
      assertThrows(FlightServerError.class, () -> client.getFlightInfo(FlightDescriptor.forCommand("")));
      Recorder failed = calls.get(calls.size() - 1);
      assertEquals("expected value", failed.received);
      assertTrue(failed.completed && failed.error instanceof FlightServerError, String.valueOf(failed.error));

      client.getFlightInfo(FlightDescriptor.forCommand("success"));
      Recorder ok = calls.get(calls.size() - 1);
      assertEquals("expected value", ok.received);
      assertTrue(ok.completed);
      assertNull(ok.error);

      client.doAction(new Action("set-cookie")).toList();
      assertEquals("flight_session=s1", client.doAction(new Action("echo-cookie")).toList().get(0).bodyAsString());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"pyarrow", "pyarrow --trailers-only", "arrow-java"})
  void ourClientTheirServer(String peer) throws Exception {
    List<String> command = peer.startsWith("pyarrow") ? python("server", "--port", "0") : java("server", "--port", "0");
    if (peer.endsWith("--trailers-only")) {
      command.add("--trailers-only");
    }
    try (PeerProcess server = PeerProcess.startServer(command);
        BufferAllocator allocator = new RootAllocator()) {
      ourClient(allocator, server.port());
    }
  }

  @Test
  void traceparentFromPyarrowReachesOurHandler() throws Exception {
    String traceId = "0af7651916cd43dd8448eb211c80319c";
    String parent = "b7ad6b7169203331";
    try (BufferAllocator allocator = new RootAllocator();
        FlightServer server = ourServer(allocator)) {
      PeerProcess.Output out = PeerProcess.run(python("trace", "--port", Integer.toString(server.port()),
          "--traceparent", "00-" + traceId + "-" + parent + "-01", "--tracestate", "vendor=abc"), 120, TimeUnit.SECONDS);
      assertEquals(0, out.exitCode(), out.text());
      assertTrue(out.text().contains("RESULT trace=" + traceId), out.text());
      assertTrue(out.text().contains("RESULT parent=" + parent), out.text());
      assertTrue(out.text().contains("RESULT state=vendor=abc"), out.text());
    }
  }
}
