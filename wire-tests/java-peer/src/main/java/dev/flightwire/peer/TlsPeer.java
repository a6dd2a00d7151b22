package dev.flightwire.peer;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Arrow Java Flight over TLS (and mutual TLS), as a server or a client, for the flightwire wire
 * tests:
 *
 * <pre>
 *   server --port 0 --cert F --key F [--client-ca F]     grpc+tls; --client-ca requires client certs
 *   server --port 0 --plaintext                          grpc+tcp (for TLS-client-vs-plaintext tests)
 *   client --port P [--host localhost] [--scheme grpc+tls|grpc+tcp] [--ca F] [--cert F --key F]
 *          [--override-hostname H] [--disable-verification] --expect ok|fail [--timeout 10]
 *          [--and CLIENT-OPTIONS]...                     more cases, each printed after "CASE i"
 * </pre>
 *
 * The server answers DoAction "whoami" with one Result holding {@code context.peerIdentity()} and
 * DoGet (any ticket) with an int64 column "n" = 0..9999 in 10 batches of 1000 rows. It prints
 * {@code Server listening on localhost:<port>} and stops at stdin EOF or SIGTERM. The client prints
 * {@code PASS ...} or {@code FAIL ...: reason} and exits 0/1.
 */
public final class TlsPeer {
  private static final int BATCHES = 10;
  private static final int BATCH_ROWS = 1000;
  private static final int ROWS = BATCHES * BATCH_ROWS;

  private TlsPeer() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      usage();
    }
    String mode = args[0];
    if (mode.equals("client")) {
      // cases separated by --and, each with its own options: run in turn, "CASE <i>" before each
      List<List<String>> cases = new ArrayList<>();
      cases.add(new ArrayList<>());
      for (int i = 1; i < args.length; i++) {
        if (args[i].equals("--and")) {
          cases.add(new ArrayList<>());
        } else {
          cases.get(cases.size() - 1).add(args[i]);
        }
      }
      boolean ok = true;
      for (int c = 0; c < cases.size(); c++) {
        if (cases.size() > 1) {
          System.out.println("CASE " + (c + 1));
        }
        ok &= client(parse(cases.get(c).toArray(new String[0]), 0));
      }
      System.out.flush();
      System.exit(ok ? 0 : 1);
      return;
    }
    Options o = parse(args, 1);
    switch (mode) {
      case "server":
        serve(o);
        return;
      default:
        usage();
    }
  }

  private static Options parse(String[] args, int from) {
    Options o = new Options();
    for (int i = from; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--plaintext")) {
        o.plaintext = true;
      } else if (a.equals("--disable-verification")) {
        o.disableVerification = true;
      } else if (i + 1 < args.length) {
        String v = args[++i];
        switch (a) {
          case "--port": o.port = Integer.parseInt(v); break;
          case "--host": o.host = v; break;
          case "--scheme": o.scheme = v; break;
          case "--cert": o.cert = v; break;
          case "--key": o.key = v; break;
          case "--client-ca": o.clientCa = v; break;
          case "--ca": o.ca = v; break;
          case "--override-hostname": o.overrideHostname = v; break;
          case "--expect": o.expect = v; break;
          case "--timeout": o.timeoutSecs = Double.parseDouble(v); break;
          default: usage();
        }
      } else {
        usage();
      }
    }
    return o;
  }

  private static void usage() {
    System.err.println("usage: TlsPeer server --port P (--cert F --key F [--client-ca F] | --plaintext)\n"
        + "       TlsPeer client --port P [--host H] [--scheme grpc+tls|grpc+tcp] [--ca F]"
        + " [--cert F --key F] [--override-hostname H] [--disable-verification]"
        + " --expect ok|fail [--timeout SECS] [--and CLIENT-OPTIONS]...");
    System.exit(2);
  }

  private static final class Options {
    int port;
    String host = "localhost";
    String scheme = "grpc+tls";
    String cert;
    String key;
    String clientCa;
    String ca;
    String overrideHostname;
    boolean plaintext;
    boolean disableVerification;
    String expect;
    double timeoutSecs = 10;
  }

  // ---------------------------------------------------------------- server

  private static final class Producer extends NoOpFlightProducer {
    private final BufferAllocator allocator;

    Producer(BufferAllocator allocator) {
      this.allocator = allocator;
    }

    @Override
    public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
      if (!action.getType().equals("whoami")) {
        listener.onError(org.apache.arrow.flight.CallStatus.UNIMPLEMENTED
            .withDescription("unknown action " + action.getType()).toRuntimeException());
        return;
      }
      String who = context.peerIdentity();
      listener.onNext(new Result((who == null ? "" : who).getBytes(StandardCharsets.UTF_8)));
      listener.onCompleted();
    }

    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
      try (VectorSchemaRoot root = VectorSchemaRoot.create(schema(), allocator)) {
        BigIntVector n = (BigIntVector) root.getVector("n");
        listener.start(root);
        for (int b = 0; b < BATCHES; b++) {
          root.allocateNew();
          for (int r = 0; r < BATCH_ROWS; r++) {
            n.set(r, (long) b * BATCH_ROWS + r);
          }
          root.setRowCount(BATCH_ROWS);
          listener.putNext();
        }
        listener.completed();
      } catch (RuntimeException e) {
        listener.error(e);
      }
    }
  }

  static Schema schema() {
    return new Schema(List.of(new Field("n", FieldType.nullable(new ArrowType.Int(64, true)), null)));
  }

  private static void serve(Options o) throws Exception {
    BufferAllocator allocator = new RootAllocator(Long.MAX_VALUE);
    Location location = o.plaintext
        ? Location.forGrpcInsecure("localhost", o.port)
        : Location.forGrpcTls("localhost", o.port);
    FlightServer.Builder b = FlightServer.builder(allocator, location, new Producer(allocator));
    if (!o.plaintext) {
      if (o.cert == null || o.key == null) {
        usage();
      }
      b.useTls(new File(o.cert), new File(o.key));
      if (o.clientCa != null) {
        b.useMTlsClientVerification(new File(o.clientCa));
      }
    }
    FlightServer server = b.build().start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "tls-peer-shutdown"));
    System.out.println("Server listening on localhost:" + server.getPort());
    System.out.flush();
    exitAtStdinEof("tls-peer-stdin");
    server.awaitTermination();
  }

  /** Exits the process (running the shutdown hooks) once stdin reaches EOF. */
  static void exitAtStdinEof(String threadName) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[256];
      try {
        InputStream in = System.in;
        while (in.read(buf) >= 0) {
          // discard
        }
      } catch (IOException ignored) {
        // same as EOF
      }
      System.exit(0);
    }, threadName);
    t.setDaemon(true);
    t.start();
  }

  // ---------------------------------------------------------------- client

  private static boolean client(Options o) {
    if (!"ok".equals(o.expect) && !"fail".equals(o.expect)) {
      System.err.println("TlsPeer client: --expect ok|fail is required");
      System.exit(2);
    }
    boolean expectOk = o.expect.equals("ok");
    String what = expectOk ? "tls" : "refused";
    try (BufferAllocator allocator = new RootAllocator(Long.MAX_VALUE)) {
      FlightClient client;
      try {
        client = build(allocator, o);
      } catch (Exception e) {
        return fail(what, "building the client failed: " + e);
      }
      try (FlightClient c = client) {
        return expectOk ? expectOk(c, allocator, o) : expectFail(c, o);
      }
    } catch (Exception e) {
      return fail(what, "unexpected " + e);
    }
  }

  private static FlightClient build(BufferAllocator allocator, Options o) throws IOException {
    Location location;
    switch (o.scheme) {
      case "grpc+tls": location = Location.forGrpcTls(o.host, o.port); break;
      case "grpc+tcp": location = Location.forGrpcInsecure(o.host, o.port); break;
      default: throw new IllegalArgumentException("unknown scheme " + o.scheme);
    }
    FlightClient.Builder b = FlightClient.builder(allocator, location);
    // The builder copies the streams' bytes during build(), so they may be closed afterwards.
    List<InputStream> toClose = new ArrayList<>();
    try {
      if (o.ca != null) {
        InputStream ca = new FileInputStream(o.ca);
        toClose.add(ca);
        b.trustedCertificates(ca);
      }
      if (o.cert != null || o.key != null) {
        if (o.cert == null || o.key == null) {
          throw new IllegalArgumentException("--cert and --key go together");
        }
        InputStream cert = new FileInputStream(o.cert);
        toClose.add(cert);
        InputStream key = new FileInputStream(o.key);
        toClose.add(key);
        b.clientCertificate(cert, key);
      }
      if (o.overrideHostname != null) {
        b.overrideHostname(o.overrideHostname);
      }
      if (o.disableVerification) {
        b.verifyServer(false);
      }
      return b.build();
    } finally {
      for (InputStream in : toClose) {
        in.close();
      }
    }
  }

  private static CallOption timeout(Options o) {
    return CallOptions.timeout(Math.round(o.timeoutSecs * 1000), TimeUnit.MILLISECONDS);
  }

  private static String whoami(FlightClient client, Options o) {
    StringBuilder sb = new StringBuilder();
    int n = 0;
    var it = client.doAction(new Action("whoami"), timeout(o));
    while (it.hasNext()) {
      Result r = it.next();
      sb.append(new String(r.getBody(), StandardCharsets.UTF_8));
      n++;
    }
    if (n != 1) {
      throw new IllegalStateException("whoami returned " + n + " results, expected 1");
    }
    return sb.toString();
  }

  private static boolean expectOk(FlightClient client, BufferAllocator allocator, Options o) throws Exception {
    String identity;
    try {
      identity = whoami(client, o);
    } catch (FlightRuntimeException e) {
      return fail("tls", "whoami: " + e.status().code() + ": " + e.status().description());
    }
    System.out.println("identity=" + identity);
    long expected = 0;
    try (FlightStream stream = client.getStream(new Ticket("t".getBytes(StandardCharsets.UTF_8)), timeout(o))) {
      Schema got = stream.getSchema();
      if (got.getFields().size() != 1 || !got.getFields().get(0).getName().equals("n")
          || !got.getFields().get(0).getType().equals(new ArrowType.Int(64, true))) {
        return fail("tls", "DoGet schema " + stream.getSchema() + ", expected " + schema());
      }
      while (stream.next()) {
        VectorSchemaRoot root = stream.getRoot();
        BigIntVector n = (BigIntVector) root.getVector("n");
        for (int r = 0; r < root.getRowCount(); r++) {
          if (n.isNull(r) || n.get(r) != expected) {
            return fail("tls", "DoGet row " + expected + " is " + (n.isNull(r) ? "null" : n.get(r)));
          }
          expected++;
        }
      }
    } catch (FlightRuntimeException e) {
      return fail("tls", "DoGet: " + e.status().code() + ": " + e.status().description());
    }
    if (expected != ROWS) {
      return fail("tls", "DoGet returned " + expected + " rows, expected " + ROWS);
    }
    System.out.println("PASS tls");
    System.out.flush();
    return true;
  }

  private static boolean expectFail(FlightClient client, Options o) {
    long start = System.nanoTime();
    String identity;
    try {
      identity = whoami(client, o);
    } catch (FlightRuntimeException e) {
      double secs = (System.nanoTime() - start) / 1e9;
      if (secs > o.timeoutSecs || e.status().code() == FlightStatusCode.TIMED_OUT) {
        return fail("refused", String.format("the call failed only after %.2fs (limit %.0fs): %s: %s",
            secs, o.timeoutSecs, e.status().code(), describe(e)));
      }
      System.out.println(String.format("PASS refused after %.2fs: %s: %s", secs, e.status().code(), describe(e)));
      System.out.flush();
      return true;
    }
    return fail("refused", "the call succeeded (identity=" + identity + ")");
  }

  /**
   * The status message on one line (grpc-java appends a multi-line "Channel Pipeline: ..." dump to
   * some transport errors, which is dropped), plus the innermost cause's message when there is one.
   */
  static String describe(FlightRuntimeException e) {
    String d = e.status().description();
    d = d == null ? "" : d.lines().findFirst().orElse("").trim();
    Throwable root = e.status().cause() != null ? e.status().cause() : e.getCause();
    if (root == null) {
      return d;
    }
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("").trim();
    return d + " (" + root.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + m) + ")";
  }

  private static boolean fail(String what, String reason) {
    System.out.println("FAIL " + what + ": " + reason);
    System.out.flush();
    return false;
  }
}
