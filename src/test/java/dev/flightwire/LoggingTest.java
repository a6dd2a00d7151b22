package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.auth.BasicBearerAuthenticator;
import dev.flightwire.internal.util.WarnLimiter;
import dev.flightwire.testing.RecordingLogs;
import dev.flightwire.testing.RecordingLogs.Event;
import dev.flightwire.testing.Waits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * What the library logs through SLF4J: a handler's bug at WARN with its stack trace, answers meant
 * for the client only at DEBUG, the default call log on {@code dev.flightwire.calls}, executor
 * saturation, and never a password or token.
 */
class LoggingTest {
  private static final String PASSWORD = "pa55-word-never-logged";

  private BufferAllocator allocator;
  private FlightServer server;
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<String> callLog = Collections.synchronizedList(new ArrayList<>());

  private final FlightServerBase service = new FlightServerBase() {
    @Override
    public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
      switch (descriptor.path().get(0)) {
        case "bug":
          throw new NullPointerException("a bug in the handler");
        case "missing":
          throw new FlightNotFoundError("no such flight");
        default:
          return new FlightInfo(TestData.INTS, descriptor, List.of());
      }
    }

    @Override
    public Iterable<Result> doAction(ServerCallContext context, Action action) {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return List.of(Result.of("done"));
    }
  };

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    release.countDown();
    if (server != null) {
      server.close();
    }
    allocator.close();
  }

  private FlightServer start(FlightServer.Builder b) throws Exception {
    server = b.build().start();
    return server;
  }

  private FlightServer.Builder builder() {
    return FlightServer.builder(allocator, Location.forGrpcTcp("localhost", 0), service);
  }

  private FlightClient client() {
    return FlightClient.connect(server.location(), FlightClientOptions.builder().allocator(allocator).build());
  }

  @Test
  void aHandlerBugIsWarnedWithItsStackTraceAndClientErrorsAreNot() throws Exception {
    start(builder());
    try (RecordingLogs.Capture logs = RecordingLogs.capture(); FlightClient client = client()) {
      FlightError bug = assertThrows(FlightError.class, () -> client.getFlightInfo(FlightDescriptor.forPath("bug")));
      assertEquals(FlightStatusCode.UNKNOWN, bug.code());
      Event warn = logs.await(e -> e.level() == Level.WARN);
      assertEquals("dev.flightwire.ServerDispatcher", warn.logger());
      assertTrue(warn.message().startsWith("GetFlightInfo from "), warn.message());
      assertInstanceOf(NullPointerException.class, warn.thrown());

      assertThrows(FlightNotFoundError.class, () -> client.getFlightInfo(FlightDescriptor.forPath("missing")));
      Event debug = logs.await(e -> e.thrown() instanceof FlightNotFoundError);
      assertEquals(Level.DEBUG, debug.level());
      assertEquals(1, logs.matching(e -> e.level().toInt() >= Level.WARN.toInt()).size(), logs.events().toString());
    }
  }

  @Test
  void theDefaultCallLogIsDebugOnDevFlightwireCalls() throws Exception {
    start(builder());
    try (RecordingLogs.Capture logs = RecordingLogs.capture(); FlightClient client = client()) {
      client.getFlightInfo(FlightDescriptor.forPath("fine"));
      Event line = logs.await(e -> e.logger().equals("dev.flightwire.calls"));
      assertEquals(Level.DEBUG, line.level());
      assertTrue(line.message().matches("GetFlightInfo \\S+ OK [0-9.]+ ms"), line.message());
    }
  }

  @Test
  void aCallLogOfTheBuilderReplacesTheDefault() throws Exception {
    start(builder().callLog(callLog::add));
    try (RecordingLogs.Capture logs = RecordingLogs.capture(); FlightClient client = client()) {
      client.getFlightInfo(FlightDescriptor.forPath("fine"));
      Waits.until(() -> !callLog.isEmpty(), Duration.ofSeconds(5));
      assertEquals(1, callLog.size());
      assertTrue(callLog.get(0).startsWith("GetFlightInfo "), callLog.get(0));
      assertTrue(logs.matching(e -> e.logger().equals("dev.flightwire.calls")).isEmpty());
    }
  }

  @Test
  void executorSaturationIsLogged() throws Exception {
    start(builder().maxThreads(1));
    try (RecordingLogs.Capture logs = RecordingLogs.capture(); FlightClient client = client()) {
      Thread busy = new Thread(() -> client.doAction(new Action("wait", new byte[0])).toList());
      busy.start();
      Waits.until(() -> server.activeCalls() != 0, Duration.ofSeconds(5));
      FlightError refused = assertThrows(FlightError.class,
          () -> client.getFlightInfo(FlightDescriptor.forPath("fine")));
      assertEquals(8, refused.grpcCode()); // RESOURCE_EXHAUSTED
      // WARN once per 10 s in a JVM, DEBUG within that time
      Event e = logs.await(x -> x.message().contains("refused with RESOURCE_EXHAUSTED"));
      assertEquals("dev.flightwire.ServerDispatcher", e.logger());
      release.countDown();
      busy.join(10_000);
    }
  }

  @Test
  void warnLimiterWarnsOncePerInterval() {
    WarnLimiter limiter = new WarnLimiter(1, TimeUnit.HOURS);
    assertTrue(limiter.warnNow());
    assertFalse(limiter.warnNow());
    assertTrue(new WarnLimiter(0, TimeUnit.SECONDS).warnNow());
  }

  @Test
  void credentialsAndTokensAreNeverLogged() throws Exception {
    start(builder().headerAuthenticator(new BasicBearerAuthenticator(
        (user, password) -> PASSWORD.equals(password) ? user : null)));
    try (RecordingLogs.Capture logs = RecordingLogs.capture()) {
      String token;
      try (FlightClient client = client()) {
        assertThrows(FlightUnauthenticatedError.class, () -> client.authenticateBasicToken("alice", PASSWORD + "x"));
        token = client.authenticateBasicToken("alice", PASSWORD);
        client.getFlightInfo(FlightDescriptor.forPath("fine"));
        assertThrows(FlightError.class, () -> client.getFlightInfo(FlightDescriptor.forPath("bug")));
      }
      try (FlightClient client = client()) {
        // a malformed -bin header and a bearer token the server never issued
        assertThrows(FlightUnauthenticatedError.class, () -> client.getFlightInfo(FlightDescriptor.forPath("fine"),
            FlightCallOptions.builder().header("authorization", "Bearer forged-" + PASSWORD).build()));
      }
      logs.await(e -> e.level() == Level.WARN); // the bug: the calls before it were logged too
      String basic = Base64.getEncoder().encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
      String bearer = token.substring("Bearer ".length());
      assertFalse(logs.events().isEmpty());
      for (Event e : logs.events()) {
        String text = e.allText();
        assertFalse(text.contains(PASSWORD) || text.contains(basic) || text.contains(bearer), e.toString());
      }
    }
  }
}
