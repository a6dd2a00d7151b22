package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.middleware.ClientCookieMiddlewareFactory;
import dev.flightwire.middleware.ClientMiddleware;
import dev.flightwire.middleware.FlightMethod;
import dev.flightwire.middleware.ServerMiddleware;
import dev.flightwire.middleware.TracingServerMiddleware;
import dev.flightwire.middleware.TracingServerMiddlewareFactory;
import dev.flightwire.testing.Waits;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Client and server middleware between our own client and server; the peers are in wire tests. */
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(dev.flightwire.testing.TestTransport.class)
class MiddlewareTest {
  @org.junit.jupiter.params.Parameter
  dev.flightwire.testing.TestTransport transport;

  private BufferAllocator allocator;
  private FlightServer server;
  private final List<String> serverCompletions = Collections.synchronizedList(new ArrayList<>());

  /** Echoes x-middleware back in the response headers; records how calls end. */
  final class Echo implements ServerMiddleware {
    private final String value;
    private final FlightMethod method;

    Echo(String value, FlightMethod method) {
      this.value = value;
      this.method = method;
    }

    @Override
    public void sendingHeaders(CallHeaders outgoing) {
      if (value != null) {
        outgoing.insert("x-middleware", value);
      }
    }

    @Override
    public void callCompleted(FlightError error) {
      serverCompletions.add(method.grpcName() + " " + (error == null ? "OK" : error.code()));
    }
  }

  /** Records what the client middleware sees, and on which threads. */
  static final class Recorder implements ClientMiddleware {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    volatile String received;
    volatile FlightError error;

    @Override
    public void sendingHeaders(CallHeaders outgoing) {
      outgoing.insert("x-middleware", "expected value");
      events.add("sending " + Thread.currentThread().getName());
    }

    @Override
    public void receivedHeaders(CallHeaders incoming) {
      received = incoming.get("x-middleware");
      events.add("received " + Thread.currentThread().getName());
    }

    @Override
    public void callCompleted(FlightError e) {
      error = e;
      events.add("completed " + Thread.currentThread().getName());
    }
  }

  private final List<Recorder> recorders = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void setUp() throws Exception {
    allocator = new RootAllocator();
    server = FlightServer.builder(allocator, transport.bindLocation(), new FlightServerBase() {
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
          case "trace": {
            TracingServerMiddleware t = context.middleware(TracingServerMiddlewareFactory.KEY);
            return List.of(Result.of(t.traceId()), Result.of(t.spanId()), Result.of(String.valueOf(t.parentSpanId())),
                Result.of(t.traceState()));
          }
          case "set-cookie":
            context.addHeader("set-cookie", new String(action.body(), StandardCharsets.UTF_8));
            return List.of(Result.of("ok"));
          case "echo-cookie":
            return List.of(Result.of(String.join("; ", context.headers().getAll("cookie"))));
          case "middleware-type":
            return List.of(Result.of(context.<ServerMiddleware>middleware("echo").getClass().getSimpleName()));
          default:
            throw new FlightInvalidArgumentError("unknown action " + action.type());
        }
      }

      @Override
      public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
        return new GeneratorStream(TestData.INTS, List.of(
            FlightStreamChunk.owning(TestData.batch(allocator, 0, 10), null)));
      }
    }).middleware("echo", (info, headers) -> new Echo(headers.get("x-middleware"), info.method()))
        .middleware(TracingServerMiddlewareFactory.KEY, new TracingServerMiddlewareFactory())
        .build().start();
  }

  @AfterEach
  void tearDown() {
    server.close();
    allocator.close();
  }

  private FlightClient client(boolean cookies) {
    FlightClientOptions.Builder b = FlightClientOptions.builder().allocator(allocator).middleware(info -> {
      Recorder r = new Recorder();
      recorders.add(r);
      return r;
    });
    if (cookies) {
      b.middleware(new ClientCookieMiddlewareFactory());
    }
    return FlightClient.connect(server.location(), b.build());
  }

  private Recorder last() {
    return recorders.get(recorders.size() - 1);
  }

  /** The Arrow integration `middleware` scenario: headers reach middleware on failure and success. */
  @Test
  void headersReachMiddlewareOnFailureAndSuccess() {
    try (FlightClient client = client(false)) {
      FlightServerError e = assertThrows(FlightServerError.class,
          () -> client.getFlightInfo(FlightDescriptor.forCommand("")));
      assertEquals("Unknown", e.getMessage());
      assertEquals("expected value", last().received, "header of a Trailers-Only response");
      assertInstanceOf(FlightServerError.class, last().error);

      client.getFlightInfo(FlightDescriptor.forCommand("success"));
      assertEquals("expected value", last().received);
      assertNull(last().error);
      // the server completes its middleware after sending the status: wait, and do not assume an order
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (serverCompletions.size() < 2 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      List<String> completions = new ArrayList<>(serverCompletions);
      completions.sort(null);
      assertEquals(List.of("GetFlightInfo OK", "GetFlightInfo UNKNOWN"), completions);
    }
  }

  @Test
  void clientMiddlewareRunsOnApplicationThreadsInOrder() {
    try (FlightClient client = client(false)) {
      try (FlightStreamReader r = client.doGet(Ticket.of("x"))) {
        while (r.next()) {
          TestData.assertRows(r.root(), 0, 10);
        }
      }
      List<String> events = last().events;
      assertEquals(3, events.size(), events.toString());
      assertTrue(events.get(0).startsWith("sending "), events.toString());
      assertTrue(events.get(1).startsWith("received "), events.toString());
      assertTrue(events.get(2).startsWith("completed "), events.toString());
      for (String event : events) {
        assertFalse(event.contains("flightwire-client"), "middleware ran on the event loop: " + events);
      }
      assertEquals("expected value", last().received);
      assertNull(last().error);
    }
  }

  @Test
  void closingAStreamEarlyCompletesAsCancelled() {
    try (FlightClient client = client(false)) {
      FlightStreamReader r = client.doGet(Ticket.of("x"));
      r.close();
      assertInstanceOf(FlightCancelledError.class, last().error);
    }
  }

  @Test
  void handlersFindTheirMiddleware() {
    try (FlightClient client = client(false)) {
      assertEquals("Echo", client.doAction(new Action("middleware-type")).toList().get(0).bodyAsString());
    }
  }

  @Test
  void cookiesComeBackUntilRemoved() {
    try (FlightClient client = client(true)) {
      assertEquals("", client.doAction(new Action("echo-cookie")).toList().get(0).bodyAsString());
      client.doAction(new Action("set-cookie", "flight_session=s1; Path=/".getBytes(StandardCharsets.UTF_8))).toList();
      client.doAction(new Action("set-cookie", "other=2; Max-Age=3600".getBytes(StandardCharsets.UTF_8))).toList();
      assertEquals("flight_session=s1; other=2",
          client.doAction(new Action("echo-cookie")).toList().get(0).bodyAsString());
      client.doAction(new Action("set-cookie", "flight_session=; Max-Age=0".getBytes(StandardCharsets.UTF_8))).toList();
      assertEquals("other=2", client.doAction(new Action("echo-cookie")).toList().get(0).bodyAsString());
    }
  }

  @Test
  void traceparentReachesTheHandlerAndTheServerSpan() throws InterruptedException {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build();
    GlobalOpenTelemetry.resetForTest();
    GlobalOpenTelemetry.set(sdk);
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String parent = "00f067aa0ba902b7";
    try (FlightClient client = client(false)) {
      List<Result> r = client.doAction(new Action("trace"), FlightCallOptions.builder()
          .header("traceparent", "00-" + traceId + "-" + parent + "-01").header("tracestate", "vendor=1").build())
          .toList();
      assertEquals(traceId, r.get(0).bodyAsString());
      String spanId = r.get(1).bodyAsString();
      assertEquals(parent, r.get(2).bodyAsString());
      assertEquals("vendor=1", r.get(3).bodyAsString());
      assertFalse(spanId.equals(parent));

      // the server ends its span once the call's status is sent, so the client can be faster
      Waits.until(() -> !spans.getFinishedSpanItems().isEmpty(), Duration.ofSeconds(5));
      List<SpanData> finished = spans.getFinishedSpanItems();
      assertEquals(1, finished.size(), finished.toString());
      SpanData s = finished.get(0);
      assertEquals(SpanKind.SERVER, s.getKind());
      assertEquals("arrow.flight.protocol.FlightService/DoAction", s.getName());
      assertEquals(traceId, s.getTraceId());
      assertEquals(spanId, s.getSpanId());
      assertEquals(parent, s.getParentSpanId());

      // no traceparent: a new trace, with this call's span at its root
      List<Result> fresh = client.doAction(new Action("trace")).toList();
      assertEquals(32, fresh.get(0).bodyAsString().length());
      assertFalse(fresh.get(0).bodyAsString().equals(traceId));
      assertEquals("null", fresh.get(2).bodyAsString());
    } finally {
      GlobalOpenTelemetry.resetForTest();
      sdk.close();
    }
  }
}
