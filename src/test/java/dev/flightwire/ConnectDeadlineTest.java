package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.testing.Waits;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A call's deadline covers connecting: against a peer that accepts TCP but never speaks HTTP/2,
 * calls time out on their own clock, the connect timeout bounds {@code connect}, and
 * {@code close()} never waits behind a pending connect.
 */
class ConnectDeadlineTest {
  private BufferAllocator allocator;
  private ServerSocket silent;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private Thread acceptor;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (silent != null) {
      silent.close();
      acceptor.join(5000);
    }
    for (Socket s : accepted) {
      s.close();
    }
    allocator.close();
  }

  /** Listens on {@code port} (0: any), accepts every connection and never answers. */
  private int silentServer(int port) throws Exception {
    silent = new ServerSocket();
    silent.setReuseAddress(true);
    silent.bind(new InetSocketAddress("127.0.0.1", port));
    acceptor = new Thread(() -> {
      try {
        while (true) {
          accepted.add(silent.accept());
        }
      } catch (java.io.IOException closed) {
        // the test is over
      }
    }, "silent-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
    return silent.getLocalPort();
  }

  /** A client connected to a real server that then went away, its port now held by a silent peer. */
  private FlightClient clientWhoseServerWentSilent() throws Exception {
    FlightServer server = FlightServer.builder(allocator, Location.forGrpcTcp("127.0.0.1", 0),
        new FlightServerBase() {}).build().start();
    int port = server.location().port();
    FlightClient client = FlightClient.connect(server.location(),
        FlightClientOptions.builder().allocator(allocator).build());
    server.close();
    silentServer(port);
    Thread.sleep(300); // the client notices the lost connection
    return client;
  }

  @Test
  void connectTimeoutBoundsConnect() throws Exception {
    int port = silentServer(0);
    long start = System.nanoTime();
    FlightUnavailableError e = assertThrows(FlightUnavailableError.class, () -> FlightClient.connect(
        Location.forGrpcTcp("127.0.0.1", port),
        FlightClientOptions.builder().allocator(allocator).connectTimeout(Duration.ofMillis(300)).build()));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(millis < 2000, "connect took " + millis + " ms");
    assertTrue(e.getMessage().contains("connect timeout"), e.getMessage());
  }

  @Test
  void aCallsTimeoutIncludesConnecting() throws Exception {
    try (FlightClient client = clientWhoseServerWentSilent()) {
      long start = System.nanoTime();
      assertThrows(FlightTimedOutError.class, () -> client.getFlightInfo(FlightDescriptor.forPath("x"),
          FlightCallOptions.builder().timeout(Duration.ofMillis(200)).build()));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(millis < 1000, "the call took " + millis + " ms");
      // a second caller does not queue behind the pending connect either
      start = System.nanoTime();
      assertThrows(FlightTimedOutError.class, () -> client.getSchema(FlightDescriptor.forPath("x"),
          FlightCallOptions.builder().timeout(Duration.ofMillis(200)).build()));
      millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(millis < 1000, "the second call took " + millis + " ms");
    }
  }

  @Test
  void closeDoesNotWaitBehindAPendingConnect() throws Exception {
    FlightClient client = clientWhoseServerWentSilent();
    CompletableFuture<Void> call = CompletableFuture.runAsync(
        () -> client.getFlightInfo(FlightDescriptor.forPath("x")));
    Waits.until(() -> !accepted.isEmpty(), Duration.ofSeconds(5));
    assertTrue(!accepted.isEmpty(), "the call started connecting");
    long start = System.nanoTime();
    CompletableFuture.runAsync(client::close).get(2, TimeUnit.SECONDS);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(millis < 1000, "close took " + millis + " ms");
    ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(1, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof FlightCancelledError, e.getCause().toString());
  }
}
