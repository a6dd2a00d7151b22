package dev.flightwire.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.Action;
import dev.flightwire.DoPutStreams;
import dev.flightwire.FlightCallOptions;
import dev.flightwire.FlightCancelledError;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightError;
import dev.flightwire.FlightNotFoundError;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.FlightTimedOutError;
import dev.flightwire.FlightUnavailableError;
import dev.flightwire.Location;
import dev.flightwire.Result;
import dev.flightwire.Ticket;
import dev.flightwire.testing.Int64Data;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real network faults between our client and our server.
 *
 * <p>The server (the conformance service, {@code ConformanceServer}, in its own JVM) runs in a
 * network namespace of its own, joined to the test's namespace by a veth pair. nftables in the
 * server's namespace drops 1% of the TCP packets in each direction (packets no larger than the
 * MTU: segmentation offload is off on the pair). Every byte also passes a {@link DelayRelay} in the
 * test JVM that holds it 50 ms in each direction: the delay is added in user space because the
 * test machine's kernel has no netem. Path: client (test JVM) → 127.0.0.1 relay (+50 ms each way)
 * → veth pair → server namespace (1% loss each way) → server. The client's own TCP connection
 * ends at the relay, so loss and cuts hit the relay's connection to the server; the client sees
 * them as stalls, as it would a dead link without TCP keepalive.
 *
 * <p>Shown, in order: DoPut and DoGet of 16 MiB complete with every value correct (and, for
 * comparison, the same without delay and loss); the link cut (veth set down) during a DoGet and
 * during a DoPut, each call failing with a clear status within its deadline, the client not stuck
 * and releasing everything; with the link still down the server ends the calls at its own
 * deadline (a cut upload frees at once and is never stored; a download keeps what it had handed
 * to the dead connection until the link is back); once it is back the server holds exactly its
 * stored tables and serves new clients; a link down for 1.5 s during a DoGet and a DoPut that then
 * complete with correct data; the server exiting with nothing leaked (Arrow allocator and Netty
 * buffers, checked in the server process).
 *
 * <p>Needs root (network namespaces), iproute2 and nftables (wire-tests/setup.sh installs it);
 * skipped otherwise. Figures are printed at the end (RELIABILITY.md, "Network faults").
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkChaosTest {
  private static final Duration DELAY = Duration.ofMillis(50);
  private static final int LOSS_PERCENT = 1;
  /** Rows per batch: 512 KiB of int64 values. */
  private static final int ROWS = 64 * 1024;
  /** Batches of the big table: 16 MiB, twice the default HTTP/2 stream window. */
  private static final int BATCHES = 32;
  private static final long TOTAL_ROWS = (long) ROWS * BATCHES;
  private static final double MIB = 1024.0 * 1024.0;
  private static final double TABLE_MIB = TOTAL_ROWS * 8 / MIB;
  private static final String BIG = "chaos/big";
  /**
   * A ticket for the same rows made afresh by the server for each call, so that its allocator
   * counts every batch the call still holds (a stored table's batches are shared by all calls).
   */
  private static final String GENERATED = "int64:" + BATCHES + ":" + ROWS;
  /** Deadline of the calls the link is cut under. */
  private static final Duration CUT_DEADLINE = Duration.ofSeconds(5);
  /** How late past its deadline a failed call may return. */
  private static final Duration SLACK = Duration.ofSeconds(2);
  /** Deadline of calls expected to complete. */
  private static final Duration LONG_DEADLINE = Duration.ofSeconds(60);
  private static final Pattern STATS = Pattern.compile("stats calls=(\\d+) bytes=(\\d+)");

  /** iproute2 and nftables, found on the PATH or in the sbin directories (not always on a non-root PATH). */
  private static final String IP = tool("ip");
  private static final String NFT = tool("nft");
  private static String ns;
  private static String vethRoot;
  private static String vethServer;
  private static String serverIp;
  private static PeerProcess server;
  private static DelayRelay relay;
  private static Location location;
  private static boolean linkDown;
  /** Bytes the server holds when idle (its stored tables), measured after each step. */
  private static long serverIdleBytes = -1;
  private static final Map<String, String> FIGURES = new LinkedHashMap<>();
  private static final ExecutorService CALLS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "chaos-call");
    t.setDaemon(true);
    return t;
  });

  // ---------------------------------------------------------------- environment

  @BeforeAll
  static void setUp() throws Exception {
    assume(System.getProperty("os.name").toLowerCase().contains("linux"),
        "NetworkChaosTest needs Linux network namespaces: skipped");
    assume(isRoot(),
        "NetworkChaosTest needs root (network namespaces, veth, nftables): skipped");
    assume(works(IP, "netns", "list"), "NetworkChaosTest needs iproute2 with `ip netns`: skipped");
    assume(works(NFT, "--version"),
        "NetworkChaosTest needs nftables (`nft`) for packet loss: run bash wire-tests/setup.sh; skipped");
    long pid = ProcessHandle.current().pid();
    ns = "fwchaos" + pid;
    vethRoot = "fwc" + pid + "r";
    vethServer = "fwc" + pid + "s";
    int block = (int) (pid % 16_384) * 4; // a /30 of 10.251.0.0/16 per test JVM
    String prefix = "10.251." + (block / 256) + ".";
    String rootIp = prefix + (block % 256 + 1);
    serverIp = prefix + (block % 256 + 2);
    quiet(IP, "link", "del", vethRoot); // left over by an earlier JVM of the same pid that was killed
    quiet(IP, "netns", "del", ns);
    Process add = new ProcessBuilder(IP, "netns", "add", ns).redirectErrorStream(true).start();
    String addOut = new String(add.getInputStream().readAllBytes(), UTF_8);
    assume(add.waitFor() == 0,
        "NetworkChaosTest cannot create a network namespace here (" + addOut.trim() + "): skipped");

    sh(IP, "link", "add", vethRoot, "type", "veth", "peer", "name", vethServer);
    sh(IP, "link", "set", vethServer, "netns", ns);
    // one packet per MTU, as on a real link, so that loss drops packets and not 64 KiB bursts
    sh(IP, "link", "set", vethRoot, "gso_max_size", "1500", "gso_max_segs", "1");
    sh(IP, "-n", ns, "link", "set", vethServer, "gso_max_size", "1500", "gso_max_segs", "1");
    sh(IP, "addr", "add", rootIp + "/30", "dev", vethRoot);
    sh(IP, "-n", ns, "addr", "add", serverIp + "/30", "dev", vethServer);
    sh(IP, "link", "set", vethRoot, "up");
    sh(IP, "-n", ns, "link", "set", vethServer, "up");
    sh(IP, "-n", ns, "link", "set", "lo", "up");
    setLoss(true);

    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    long started = System.nanoTime();
    server = PeerProcess.startServer(List.of(IP, "netns", "exec", ns, java, "-Xmx512m",
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "-Dio.netty.leakDetection.level=paranoid", "-Dio.netty.leakDetectionLevel=paranoid",
        "-Dio.netty.customResourceLeakDetector=dev.flightwire.testing.RecordingLeakDetector",
        "-Dio.netty.tryReflectionSetAccessible=true",
        "-cp", System.getProperty("java.class.path"), "dev.flightwire.interop.ConformanceServer",
        "--host", serverIp, "--port", "0"));
    FIGURES.put("server JVM start in its namespace", ms(System.nanoTime() - started));
    relay = new DelayRelay(new InetSocketAddress(serverIp, server.port()), DELAY, 1 << 20);
    location = Location.forGrpcTcp("127.0.0.1", relay.port());
  }

  @AfterAll
  static void tearDown() throws Exception {
    try {
      if (relay != null) {
        relay.close();
      }
      if (server != null) {
        server.stop(10);
      }
    } finally {
      if (ns != null) {
        quiet(IP, "link", "del", vethRoot);
        quiet(IP, "netns", "del", ns);
      }
      CALLS.shutdownNow();
      if (!FIGURES.isEmpty()) {
        StringBuilder sb = new StringBuilder("NetworkChaosTest figures (delay " + DELAY.toMillis()
            + " ms each way, " + LOSS_PERCENT + "% loss each way):\n");
        FIGURES.forEach((k, v) -> sb.append("  ").append(k).append(": ").append(v).append('\n'));
        System.out.print(sb);
      }
    }
  }

  /**
   * Skips the class unless {@code condition}; the reason is also printed, since a class skipped in
   * its {@code @BeforeAll} shows in Surefire's report only as a class with no tests.
   */
  private static void assume(boolean condition, String reason) {
    if (!condition) {
      System.out.println(reason);
    }
    Assumptions.assumeTrue(condition, reason);
  }

  private static String tool(String name) {
    List<String> dirs = new java.util.ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
    dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
    for (String d : dirs) {
      if (!d.isEmpty() && java.nio.file.Files.isExecutable(Paths.get(d, name))) {
        return Paths.get(d, name).toString();
      }
    }
    return name;
  }

  private static boolean isRoot() {
    try {
      return java.nio.file.Files.readAllLines(Paths.get("/proc/self/status")).stream()
          .anyMatch(l -> l.matches("Uid:\\s+0\\s.*"));
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean works(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    p.waitFor();
    return out;
  }

  /** Runs a command that must succeed. */
  private static String sh(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }

  private static void quiet(String... command) {
    try {
      run(List.of(command));
    } catch (IOException | InterruptedException e) {
      // cleaning up anyway
    }
  }

  /** Installs (or removes) the nftables table dropping {@link #LOSS_PERCENT}% of TCP packets each way in the server's namespace. */
  private static void setLoss(boolean on) throws IOException, InterruptedException {
    quiet(IP, "netns", "exec", ns, NFT, "delete", "table", "inet", "fwchaos");
    if (!on) {
      return;
    }
    String rules = "table inet fwchaos {\n"
        + "  chain in { type filter hook input priority 0; iifname \"" + vethServer + "\" meta l4proto tcp"
        + " numgen random mod 100 < " + LOSS_PERCENT + " counter drop; }\n"
        + "  chain out { type filter hook output priority 0; oifname \"" + vethServer + "\" meta l4proto tcp"
        + " numgen random mod 100 < " + LOSS_PERCENT + " counter drop; }\n"
        + "}\n";
    Process nft = new ProcessBuilder(IP, "netns", "exec", ns, NFT, "-f", "-").redirectErrorStream(true).start();
    nft.getOutputStream().write(rules.getBytes(UTF_8));
    nft.getOutputStream().close();
    String nftOut = new String(nft.getInputStream().readAllBytes(), UTF_8);
    assertEquals(0, nft.waitFor(), "nft: " + nftOut);
  }

  private static synchronized void cut() throws IOException, InterruptedException {
    sh(IP, "link", "set", vethRoot, "down");
    linkDown = true;
  }

  private static synchronized void restore() throws IOException, InterruptedException {
    if (linkDown) {
      sh(IP, "link", "set", vethRoot, "up");
      linkDown = false;
    }
  }

  /** Packets nftables dropped so far: [server in, server out]. */
  private static long[] drops() throws IOException, InterruptedException {
    String out = sh(IP, "netns", "exec", ns, NFT, "list", "table", "inet", "fwchaos");
    Matcher m = Pattern.compile("counter packets (\\d+)").matcher(out);
    long[] d = new long[2];
    for (int i = 0; i < 2; i++) {
      assertTrue(m.find(), out);
      d[i] = Long.parseLong(m.group(1));
    }
    return d;
  }

  /** The server's calls running and bytes allocated, asked on its stdin. */
  private static long[] serverStats() throws IOException, InterruptedException {
    Matcher m = STATS.matcher(server.request("stats", "stats ", 10_000));
    assertTrue(m.matches());
    return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
  }

  /** Waits (at most 30 s) until the server has no call running; returns its stats. */
  private static long[] awaitNoCalls() throws Exception {
    long start = System.nanoTime();
    long[] s = serverStats();
    while (s[0] != 0 && System.nanoTime() - start < 30_000_000_000L) {
      Thread.sleep(100);
      s = serverStats();
    }
    assertEquals(0, s[0], "calls still running on the server");
    return s;
  }

  /**
   * Waits (at most 30 s) until the server has no call running and, when {@code idleBytes} is not
   * -1, holds exactly that many bytes; returns how long that took.
   */
  private static long awaitServerIdle(long idleBytes) throws Exception {
    long start = System.nanoTime();
    long[] s = serverStats();
    while ((s[0] != 0 || (idleBytes >= 0 && s[1] != idleBytes)) && System.nanoTime() - start < 30_000_000_000L) {
      Thread.sleep(100);
      s = serverStats();
    }
    assertEquals(0, s[0], "calls still running on the server");
    if (idleBytes >= 0) {
      assertEquals(idleBytes, s[1], "bytes the server holds beyond its stored tables");
    }
    serverIdleBytes = s[1];
    return System.nanoTime() - start;
  }

  private static String ms(long nanos) {
    return Math.round(nanos / 1e6) + " ms";
  }

  private static String mib(int batches) {
    return String.format("%.1f MiB", batches * (ROWS * 8 / MIB));
  }

  private static String rate(long nanos) {
    return String.format("%.1f MiB/s", TABLE_MIB / (nanos / 1e9));
  }

  /** Runs {@code task} in another thread; fails when it has not returned after {@code bound}. */
  private static <T> T bounded(Duration bound, String what, Callable<T> task) throws Exception {
    Future<T> f = CALLS.submit(task);
    try {
      return f.get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new AssertionError("the client is stuck: " + what + " did not return within " + bound.toMillis() + " ms");
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof Exception x) {
        throw x;
      }
      throw (Error) e.getCause();
    }
  }

  private static FlightClient connect(BufferAllocator allocator) {
    return FlightClient.connect(location, FlightClientOptions.builder().allocator(allocator).build());
  }

  // ---------------------------------------------------------------- data

  /**
   * Uploads {@code batches} batches of the big table ({@code n} counting from 0) to {@code path}.
   * With {@code afterBatch}, the first two batches are each acknowledged by the server before the
   * next is written (so that a fault injected there comes once the server has taken part of the
   * upload), and {@code afterBatch} sees the index of every batch written.
   */
  private static void upload(FlightClient client, BufferAllocator allocator, String path, Duration deadline,
      int batches, IntConsumer afterBatch) {
    try (DoPutStreams put = client.doPut(FlightDescriptor.forPath(path.split("/")), Int64Data.SCHEMA,
        FlightCallOptions.timeout(deadline))) {
      for (int b = 0; b < batches; b++) {
        try (VectorSchemaRoot root = Int64Data.batch(allocator, (long) b * ROWS, ROWS)) {
          put.writer().writeWithMetadata(root, ("b" + b).getBytes(UTF_8));
        }
        if (afterBatch != null) {
          if (b < 2) {
            assertArrayEquals(("b" + b).getBytes(UTF_8), put.reader().read());
          }
          afterBatch.accept(b);
        }
      }
      put.complete();
    }
  }

  /** Reads a stream of the big table's rows, checking every value; {@code afterBatch} sees each batch's index. */
  private static long readChecked(FlightStreamReader reader, IntConsumer afterBatch) {
    long next = 0;
    int batch = 0;
    while (reader.next()) {
      BigIntVector n = (BigIntVector) reader.root().getVector("n");
      int rows = reader.root().getRowCount();
      for (int i = 0; i < rows; i++, next++) {
        if (n.isNull(i) || n.get(i) != next) {
          throw new AssertionError("row " + next + " holds " + (n.isNull(i) ? "null" : n.get(i)));
        }
      }
      if (afterBatch != null) {
        afterBatch.accept(batch);
      }
      batch++;
    }
    return next;
  }

  private static long download(FlightClient client, String ticket, Duration deadline, IntConsumer afterBatch) {
    try (FlightStreamReader r = client.doGet(Ticket.of(ticket), FlightCallOptions.timeout(deadline))) {
      return readChecked(r, afterBatch);
    }
  }

  /** Makes sure the big table is stored (a failed earlier step may have left it out). */
  private static void ensureBigTable() throws Exception {
    try (BufferAllocator a = new RootAllocator(); FlightClient client = connect(a)) {
      try {
        client.getFlightInfo(FlightDescriptor.forPath(BIG.split("/")), FlightCallOptions.timeout(LONG_DEADLINE));
      } catch (FlightNotFoundError e) {
        upload(client, a, BIG, LONG_DEADLINE, BATCHES, null);
      }
    }
    awaitServerIdle(-1);
  }

  private static void runUnchecked(Callable<?> c) {
    try {
      c.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Asserts a call under a cut either completed with every row or failed with a clear status
   * (DEADLINE_EXCEEDED, UNAVAILABLE or CANCELLED with a message) within its deadline and slack.
   */
  private static void assertClearOutcome(Outcome o, long expectedRows, String what) {
    long elapsed = o.endNanos - o.startNanos;
    if (o.error == null) {
      assertEquals(expectedRows, o.rows, what + " completed with a wrong number of rows");
      return;
    }
    assertTrue(o.error instanceof FlightTimedOutError || o.error instanceof FlightUnavailableError
        || o.error instanceof FlightCancelledError, what + " failed with an unclear error: " + o.error);
    assertNotNull(o.error.getMessage());
    assertTrue(!o.error.getMessage().isBlank(), what + ": an error without a message");
    assertTrue(elapsed <= CUT_DEADLINE.plus(SLACK).toNanos(),
        what + " failed only after " + ms(elapsed) + " (deadline " + CUT_DEADLINE.toMillis() + " ms): " + o.error);
  }

  /** What a call under a fault did. */
  private static final class Outcome {
    long startNanos;
    long cutNanos;
    long endNanos;
    long rows;
    /** Batches read (DoGet) or written (DoPut) when the call ended. */
    volatile int batches;
    FlightError error;
  }

  // ---------------------------------------------------------------- the tests

  @Test
  @Order(1)
  void doPutAndDoGetCompleteWithCorrectDataUnderDelayAndLoss() throws Exception {
    // for comparison: the same path (relay, veth pair) without delay and without loss
    setLoss(false);
    try (DelayRelay direct = new DelayRelay(new InetSocketAddress(serverIp, server.port()), Duration.ZERO, 1 << 20);
        BufferAllocator a = new RootAllocator();
        FlightClient client = FlightClient.connect(Location.forGrpcTcp("127.0.0.1", direct.port()),
            FlightClientOptions.builder().allocator(a).build())) {
      long put = 0;
      long get = 0;
      for (int round = 0; round < 2; round++) { // the first warms up both JVMs
        long t = System.nanoTime();
        upload(client, a, "chaos/no-faults", LONG_DEADLINE, BATCHES, null);
        put = System.nanoTime() - t;
        t = System.nanoTime();
        assertEquals(TOTAL_ROWS, download(client, GENERATED, LONG_DEADLINE, null));
        get = System.nanoTime() - t;
      }
      FIGURES.put(String.format("without faults: DoPut, DoGet %.0f MiB", TABLE_MIB),
          ms(put) + " (" + rate(put) + "), " + ms(get) + " (" + rate(get) + ")");
    } finally {
      setLoss(true);
    }

    long[] dropsBefore = drops();
    try (BufferAllocator a = new RootAllocator()) {
      try (FlightClient client = connect(a)) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
          long t = System.nanoTime();
          List<Result> r = client.doAction(new Action("echo", "ping".getBytes(UTF_8)),
              FlightCallOptions.timeout(LONG_DEADLINE)).toList();
          best = Math.min(best, System.nanoTime() - t);
          assertEquals("ping", new String(r.get(0).body(), UTF_8));
        }
        FIGURES.put("round trip of a DoAction (best of 5)", ms(best));
        assertTrue(best >= 2 * DELAY.toNanos(), "the relay's delay is not there: round trip " + ms(best));

        long t = System.nanoTime();
        bounded(LONG_DEADLINE.plus(SLACK), "DoPut", () -> {
          upload(client, a, BIG, LONG_DEADLINE, BATCHES, null);
          return null;
        });
        long put = System.nanoTime() - t;
        t = System.nanoTime();
        long rows = bounded(LONG_DEADLINE.plus(SLACK), "DoGet", () -> download(client, BIG, LONG_DEADLINE, null));
        long get = System.nanoTime() - t;
        assertEquals(TOTAL_ROWS, rows);
        FIGURES.put(String.format("delay and loss: DoPut, DoGet %.0f MiB (every value checked)", TABLE_MIB),
            ms(put) + " (" + rate(put) + "), " + ms(get) + " (" + rate(get) + ")");
      }
    }
    long[] dropped = drops();
    long in = dropped[0] - dropsBefore[0];
    long out = dropped[1] - dropsBefore[1];
    FIGURES.put("packets dropped by nftables during these two transfers", in + " to the server, " + out + " from it");
    assertTrue(in > 0 && out > 0, "no packet was dropped: in " + in + ", out " + out);
    awaitServerIdle(-1);
  }

  @Test
  @Order(2)
  void linkCutDuringDoGetFailsWithinTheDeadlineAndTheServerRecovers() throws Exception {
    ensureBigTable();
    long idle = serverIdleBytes;
    Outcome o = new Outcome();
    long heldWhileDown;
    try (BufferAllocator a = new RootAllocator()) {
      try (FlightClient client = connect(a)) {
        bounded(CUT_DEADLINE.plus(SLACK).plusSeconds(10), "DoGet under a link cut", () -> {
          o.startNanos = System.nanoTime();
          try {
            o.rows = download(client, GENERATED, CUT_DEADLINE, b -> {
              o.batches = b + 1;
              if (b == 1) { // two batches in: 1 MiB of 16
                runUnchecked(() -> {
                  cut();
                  return null;
                });
                o.cutNanos = System.nanoTime();
              }
            });
          } catch (FlightError e) {
            o.error = e;
          }
          o.endNanos = System.nanoTime();
          return null;
        });
        // closing the client with its connection still dead returns at once
        long t = System.nanoTime();
        bounded(Duration.ofSeconds(10), "closing the client", () -> {
          client.close();
          return null;
        });
        FIGURES.put("DoGet, link cut: closing the client (connection dead)", ms(System.nanoTime() - t));
      } // the client's allocator closes here: a leak fails the test
      // with the link still down, the server ends the call at its own deadline; what it had
      // already handed to the (dead) connection stays until the link is back
      long[] s = awaitNoCalls();
      long settle = o.endNanos + 1_000_000_000L - System.nanoTime();
      if (settle > 0) {
        Thread.sleep(settle / 1_000_000L);
        s = serverStats();
      }
      assertEquals(0, s[0], "calls running on the server");
      heldWhileDown = s[1] - idle;
    } finally {
      restore();
    }
    long linkUp = System.nanoTime();
    awaitServerIdle(idle);
    FIGURES.put("DoGet, link cut: the server 1 s after the deadline, link still down",
        "0 calls; " + String.format("%.1f MiB", heldWhileDown / MIB) + " of batches held (handed to the connection),"
            + " freed " + ms(System.nanoTime() - linkUp) + " after the link came back");
    assertTrue(o.cutNanos > 0, "the link was never cut: the DoGet ended after " + o.rows + " rows");
    assertTrue(o.error != null, "the DoGet completed across a link that stayed down: " + o.rows + " rows");
    assertClearOutcome(o, TOTAL_ROWS, "DoGet");
    FIGURES.put("DoGet, link cut after 1 MiB (deadline " + CUT_DEADLINE.toSeconds() + " s)",
        o.error.code() + " \"" + o.error.getMessage() + "\" " + ms(o.endNanos - o.startNanos) + " after the call began, "
            + ms(o.endNanos - o.cutNanos) + " after the cut; " + mib(o.batches) + " read in all");
    assertServesNewClient("DoGet cut");
  }

  @Test
  @Order(3)
  void linkCutDuringDoPutFailsWithinTheDeadlineStoresNothingAndTheServerRecovers() throws Exception {
    ensureBigTable();
    long idle = serverIdleBytes;
    Outcome o = new Outcome();
    String path = "chaos/cut-put";
    try (BufferAllocator a = new RootAllocator()) {
      try (FlightClient client = connect(a)) {
        bounded(CUT_DEADLINE.plus(SLACK).plusSeconds(10), "DoPut under a link cut", () -> {
          o.startNanos = System.nanoTime();
          try {
            upload(client, a, path, CUT_DEADLINE, BATCHES, b -> {
              o.batches = b + 1;
              if (b == 1) {
                runUnchecked(() -> {
                  cut();
                  return null;
                });
                o.cutNanos = System.nanoTime();
              }
            });
            o.rows = TOTAL_ROWS;
          } catch (FlightError e) {
            o.error = e;
          }
          o.endNanos = System.nanoTime();
          return null;
        });
        long t = System.nanoTime();
        bounded(Duration.ofSeconds(10), "closing the client", () -> {
          client.close();
          return null;
        });
        FIGURES.put("DoPut, link cut: closing the client (connection dead)", ms(System.nanoTime() - t));
      }
      // with the link still down, the server's own deadline ends the call and frees the upload
      FIGURES.put("DoPut, link cut: the server at 0 calls and its idle bytes, link still down",
          ms(awaitServerIdle(idle)) + " after the client's failure");
    } finally {
      restore();
    }
    assertTrue(o.cutNanos > 0, "the link was never cut");
    assertTrue(o.error != null, "the DoPut completed across a link that stayed down");
    assertClearOutcome(o, TOTAL_ROWS, "DoPut");
    FIGURES.put("DoPut, link cut after 1 MiB acknowledged (deadline " + CUT_DEADLINE.toSeconds() + " s)",
        o.error.code() + " \"" + o.error.getMessage() + "\" " + ms(o.endNanos - o.startNanos)
            + " after the call began, " + ms(o.endNanos - o.cutNanos) + " after the cut; " + mib(o.batches)
            + " written in all");
    awaitServerIdle(idle);
    try (BufferAllocator a = new RootAllocator(); FlightClient client = connect(a)) {
      FlightNotFoundError e = assertThrows(FlightNotFoundError.class, () -> client.getFlightInfo(
          FlightDescriptor.forPath(path.split("/")), FlightCallOptions.timeout(LONG_DEADLINE)));
      assertTrue(e.getMessage().contains(path), e.getMessage());
    }
    assertServesNewClient("DoPut cut");
  }

  @Test
  @Order(4)
  void linkDownBrieflyDuringDoGetAndDoPutTheyCompleteWithCorrectData() throws Exception {
    ensureBigTable();
    Duration outage = Duration.ofMillis(1500);
    ScheduledRestore restore = new ScheduledRestore(outage);
    try (BufferAllocator a = new RootAllocator()) {
      try (FlightClient client = connect(a)) {
        long t = System.nanoTime();
        long rows = bounded(LONG_DEADLINE.plus(SLACK), "DoGet across an outage", () ->
            download(client, BIG, LONG_DEADLINE, b -> {
              if (b == 1) {
                restore.cutNow();
              }
            }));
        assertEquals(TOTAL_ROWS, rows);
        assertTrue(restore.happened(), "the link was never cut");
        FIGURES.put(String.format("DoGet %.0f MiB, link down %d ms after 1 MiB", TABLE_MIB, outage.toMillis()),
            "completed, every value checked, in " + ms(System.nanoTime() - t));

        ScheduledRestore restore2 = new ScheduledRestore(outage);
        t = System.nanoTime();
        bounded(LONG_DEADLINE.plus(SLACK), "DoPut across an outage", () -> {
          upload(client, a, "chaos/flap-put", LONG_DEADLINE, BATCHES, b -> {
            if (b == 1) {
              restore2.cutNow();
            }
          });
          return null;
        });
        assertTrue(restore2.happened(), "the link was never cut");
        long put = System.nanoTime() - t;
        // the server compares what it stored with the table uploaded without faults, value by value
        List<Result> same = client.doAction(new Action("compare", (BIG + "|chaos/flap-put").getBytes(UTF_8)),
            FlightCallOptions.timeout(LONG_DEADLINE)).toList();
        assertEquals("ok", new String(same.get(0).body(), UTF_8));
        FIGURES.put(String.format("DoPut %.0f MiB, link down %d ms after 1 MiB acknowledged", TABLE_MIB,
            outage.toMillis()), "completed, stored table equal to the original, in " + ms(put));
      }
    } finally {
      restore();
    }
    awaitServerIdle(-1);
  }

  @Test
  @Order(5)
  void serverExitsWithNothingLeaked() throws Exception {
    Assumptions.assumeTrue(server != null);
    int code = server.stop(30);
    String log = server.log();
    server = null;
    assertTrue(!log.contains("LEAK"), log);
    assertEquals(0, code, "the server's exit status; its output:\n" + log);
    assertTrue(log.contains("stopped, nothing leaked"), log);
  }

  /** After a fault: a new client downloads the big table intact and uploads and reads back a small one. */
  private static void assertServesNewClient(String after) throws Exception {
    try (BufferAllocator a = new RootAllocator(); FlightClient client = connect(a)) {
      long t = System.nanoTime();
      long rows = bounded(LONG_DEADLINE.plus(SLACK), "DoGet after the fault",
          () -> download(client, BIG, LONG_DEADLINE, null));
      assertEquals(TOTAL_ROWS, rows);
      FIGURES.put(after + ": a new client's DoGet of the table afterwards", ms(System.nanoTime() - t));
      String path = "chaos/after-" + after.replace(' ', '-');
      bounded(LONG_DEADLINE.plus(SLACK), "DoPut after the fault", () -> {
        upload(client, a, path, LONG_DEADLINE, 2, null);
        return null;
      });
      try (FlightStreamReader r = client.doGet(Ticket.of(path), FlightCallOptions.timeout(LONG_DEADLINE))) {
        assertEquals(2L * ROWS, readChecked(r, null));
      }
    }
    awaitServerIdle(-1);
  }

  /** Cuts the link from a reading or writing thread and brings it back after {@code outage}. */
  private static final class ScheduledRestore {
    private final Duration outage;
    private volatile boolean happened;

    ScheduledRestore(Duration outage) {
      this.outage = outage;
    }

    void cutNow() {
      runUnchecked(() -> {
        cut();
        return null;
      });
      happened = true;
      Thread t = new Thread(() -> {
        try {
          Thread.sleep(outage.toMillis());
          restore();
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }, "chaos-restore");
      t.setDaemon(true);
      t.start();
    }

    boolean happened() {
      return happened;
    }
  }
}
