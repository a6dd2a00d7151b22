package dev.flightwire.cli;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightServerBase;
import dev.flightwire.Location;
import dev.flightwire.internal.integration.IntegrationFailure;
import dev.flightwire.internal.integration.JsonRoundTrip;
import dev.flightwire.internal.integration.RoundTripStore;
import dev.flightwire.internal.integration.Scenario;
import dev.flightwire.internal.integration.Scenarios;
import java.io.File;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * {@code integration-server} and {@code integration-client}: flightwire's side of Arrow's
 * cross-language Flight integration harness, with its command-line conventions.
 */
final class IntegrationCommands {
  private IntegrationCommands() {}

  /** Options that take no value. */
  private static final java.util.Set<String> FLAGS = java.util.Set.of("stop-on-stdin-eof");

  /** Parses {@code -name value} pairs, {@code -name=value} and the {@link #FLAGS}. */
  private static Map<String, String> options(String[] args, String command) {
    Map<String, String> o = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help")) {
        o.put("help", "");
        continue;
      }
      if (!a.startsWith("-")) {
        throw new IllegalArgumentException(command + ": unexpected argument '" + a + "'");
      }
      String name = a.replaceFirst("^--?", "");
      int eq = name.indexOf('=');
      if (FLAGS.contains(name)) {
        o.put(name, "");
      } else if (eq > 0) {
        o.put(name.substring(0, eq), name.substring(eq + 1));
      } else if (i + 1 >= args.length) {
        throw new IllegalArgumentException(command + ": option '" + a + "' needs a value");
      } else {
        o.put(name, args[++i]);
      }
    }
    return o;
  }

  static int server(String[] args) throws Exception {
    Map<String, String> o = options(args, "integration-server");
    if (o.containsKey("help")) {
      System.out.println("usage: java -jar flightwire.jar integration-server -port P [-scenario NAME]"
          + " [-stop-on-stdin-eof]\n"
          + "  without -scenario: the upload/download store of the JSON round trip\n"
          + "  runs until SIGTERM/SIGINT; with -stop-on-stdin-eof also stops when its standard input ends\n"
          + "  scenarios: " + String.join(", ", Scenarios.names()));
      return 0;
    }
    int port = Integer.parseInt(o.getOrDefault("port", "31337"));
    String name = o.get("scenario");
    Scenario scenario = name == null ? null : Scenarios.get(name);
    if (name != null && scenario == null) {
      System.err.println("integration-server: unknown scenario '" + name + "' (known: "
          + String.join(", ", Scenarios.names()) + ")");
      return 2;
    }
    try (BufferAllocator allocator = new RootAllocator()) {
      RoundTripStore store = scenario == null ? new RoundTripStore(allocator) : null;
      FlightServerBase service = scenario == null ? store : scenario.service(allocator);
      FlightServer.Builder b = FlightServer.builder(allocator, Location.forGrpcTcp("localhost", port), service);
      if (scenario != null) {
        scenario.configureServer(b);
      }
      CountDownLatch stop = new CountDownLatch(1);
      try (FlightServer server = b.build().start()) {
        if (store != null) {
          store.setLocation(server.location());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        System.out.println("Server listening on localhost:" + server.port());
        System.out.flush();
        if (o.containsKey("stop-on-stdin-eof")) {
          watchStdin(stop);
        }
        stop.await();
      } finally {
        if (store != null) {
          store.close();
        }
      }
    }
    return 0;
  }

  /**
   * Counts {@code stop} down when standard input ends. Opt-in only: a harness that starts the
   * server in the background gives it /dev/null or a closed stdin, which must not stop it.
   */
  private static void watchStdin(CountDownLatch stop) {
    Thread stdin = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // the harness keeps stdin open until it wants us gone
        }
      } catch (java.io.IOException ignored) {
        // closed
      }
      stop.countDown();
    }, "stdin-watch");
    stdin.setDaemon(true);
    stdin.start();
  }

  static int client(String[] args) throws Exception {
    Map<String, String> o = options(args, "integration-client");
    String name = o.get("scenario");
    String json = o.getOrDefault("j", o.get("path"));
    if (o.containsKey("help") || (name == null) == (json == null)) {
      System.out.println("usage: java -jar flightwire.jar integration-client [-host H] -port P "
          + "(-scenario NAME | -j FILE.json)\n  scenarios: " + String.join(", ", Scenarios.names()));
      return o.containsKey("help") ? 0 : 2;
    }
    String host = o.getOrDefault("host", "localhost");
    int port = Integer.parseInt(o.getOrDefault("port", "31337"));
    Scenario scenario = name == null ? null : Scenarios.get(name);
    if (name != null && scenario == null) {
      System.err.println("integration-client: unknown scenario '" + name + "'");
      return 2;
    }
    String what = name != null ? name : json;
    try (BufferAllocator allocator = new RootAllocator()) {
      FlightClientOptions.Builder ob = FlightClientOptions.builder().allocator(allocator);
      if (scenario != null) {
        scenario.configureClient(ob);
      }
      try (FlightClient client = FlightClient.connect(Location.forGrpcTcp(host, port), ob.build())) {
        if (scenario != null) {
          scenario.runClient(allocator, client);
        } else {
          JsonRoundTrip.run(allocator, client, new File(json));
        }
      }
      System.out.println("PASS " + what);
      return 0;
    } catch (IntegrationFailure e) {
      System.out.println("FAIL " + what + ": " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      System.out.println("FAIL " + what + ": " + e);
      return 1;
    }
  }
}
