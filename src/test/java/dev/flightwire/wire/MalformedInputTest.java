package dev.flightwire.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.Action;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.Result;
import dev.flightwire.Ticket;
import dev.flightwire.interop.ConformanceServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The malformed-input matrix of wire-tests/raw/malformed_checks.py (a raw HTTP/2 client on python
 * h2) against our conformance server, one dynamic test per check. The server runs with a 64 MiB
 * message limit so the size checks can declare messages above it.
 *
 * <p>While the checks run, a bystander client on its own connection keeps making ordinary calls:
 * none of them may fail. Afterwards a fresh client is served normally, and closing the server's
 * allocator (which throws on a leaked Arrow buffer) and Netty's paranoid leak detection (checked
 * by {@code NettyLeakGuard} after the class) prove that no path lost memory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MalformedInputTest {
  private static final int MAX_MESSAGE = 64 << 20;

  private BufferAllocator allocator;
  private ConformanceServer.Handle server;
  private Thread bystander;
  private volatile boolean stopBystander;
  private final AtomicInteger bystanderCalls = new AtomicInteger();
  private final List<Throwable> bystanderFailures = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  void start() throws Exception {
    allocator = new RootAllocator();
    server = ConformanceServer.start(allocator, null, b -> b.maxInboundMessageSize(MAX_MESSAGE));
    bystander = new Thread(this::bystand, "malformed-bystander");
    bystander.start();
  }

  /** Ordinary calls on one connection of its own, for as long as the checks run. */
  private void bystand() {
    try (BufferAllocator clientAlloc = allocator.newChildAllocator("bystander", 0, Long.MAX_VALUE);
        FlightClient client = FlightClient.connect(server.location(),
            FlightClientOptions.builder().allocator(clientAlloc).build())) {
      while (!stopBystander) {
        try {
          expectInts(client);
          bystanderCalls.incrementAndGet();
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        } catch (Throwable t) {
          bystanderFailures.add(t);
        }
      }
    }
  }

  private static void expectInts(FlightClient client) {
    long rows = 0;
    try (FlightStreamReader reader = client.doGet(Ticket.of("test/ints"))) {
      while (reader.next()) {
        rows += reader.root().getRowCount();
      }
    }
    assertEquals(30, rows);
    List<Result> r = client.doAction(Action.of("echo", "bystander")).toList();
    assertEquals(1, r.size());
    assertEquals("bystander", new String(r.get(0).body(), UTF_8));
  }

  @AfterAll
  void stop() throws Exception {
    stopBystander = true;
    try {
      if (bystander != null) {
        bystander.join(10_000);
      }
      if (server != null) {
        server.close(); // closes the server's allocator: throws when anything leaked
      }
    } finally {
      allocator.close();
    }
  }

  @Order(1)
  @TestFactory
  List<DynamicTest> malformed() throws Exception {
    return CheckRunner.tests("malformed: ", List.of(WireEnv.python(),
        WireEnv.wireTests().resolve("raw/malformed_checks.py").toString()),
        () -> List.of("--port", Integer.toString(server.port()), "--max-message-size", Integer.toString(MAX_MESSAGE)));
  }

  @Order(2)
  @Test
  void everyoneElseWasServedThroughout() throws Exception {
    stopBystander = true;
    bystander.join(10_000);
    assertTrue(bystanderFailures.isEmpty(), "a bystander call failed: " + bystanderFailures);
    assertTrue(bystanderCalls.get() > 0, "the bystander made no call");
  }

  @Order(3)
  @Test
  void aFreshClientIsServedAfterTheAbuse() {
    try (BufferAllocator clientAlloc = allocator.newChildAllocator("fresh", 0, Long.MAX_VALUE);
        FlightClient client = FlightClient.connect(server.location(),
            FlightClientOptions.builder().allocator(clientAlloc).build())) {
      expectInts(client);
    }
  }
}
