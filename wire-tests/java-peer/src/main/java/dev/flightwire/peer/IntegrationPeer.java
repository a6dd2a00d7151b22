package dev.flightwire.peer;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightProducer;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Arrow's cross-language Flight integration scenarios (archery's names and behaviour) on Arrow Java
 * flight-core, as a server or a client, with Arrow's harness conventions:
 *
 * <pre>
 *   server -port 0 [-scenario NAME]
 *       first stdout line: "Server listening on localhost:PORT"; stops on SIGTERM or stdin EOF.
 *       Without -scenario: the JSON round-trip store (JsonRoundTrip).
 *   client [-host localhost] -port P (-scenario NAME | -j FILE.json [-j FILE.json ...]) [-timeout SECONDS]
 *       prints "PASS NAME" or "FAIL NAME: reason" for the scenario or for each file, in order
 *       (exit 0 when all passed, else 1); usage errors exit 2. The timeout is per file.
 *       "-scenario A -port P -scenario B -port Q ...": each scenario against its own port, in order.
 * </pre>
 *
 * Options take one or two dashes, and "-opt=value" as well as "-opt value".
 */
public final class IntegrationPeer {
  private IntegrationPeer() {}

  /** Scenario name to a fresh instance (a server instance keeps per-server state). */
  static final Map<String, Supplier<IntegrationScenario>> SCENARIOS = new LinkedHashMap<>();

  static {
    SCENARIOS.put("auth:basic_proto", AuthBasicProtoScenario::new);
    SCENARIOS.put("middleware", MiddlewareScenario::new);
    SCENARIOS.put("ordered", OrderedScenario::new);
    SCENARIOS.put("expiration_time:do_get", ExpirationTimeScenarios.DoGet::new);
    SCENARIOS.put("expiration_time:list_actions", ExpirationTimeScenarios.ListActions::new);
    SCENARIOS.put(
        "expiration_time:cancel_flight_info", ExpirationTimeScenarios.CancelFlightInfo::new);
    SCENARIOS.put(
        "expiration_time:renew_flight_endpoint", ExpirationTimeScenarios.RenewFlightEndpoint::new);
    SCENARIOS.put("poll_flight_info", PollFlightInfoScenario::new);
    SCENARIOS.put("app_metadata_flight_info_endpoint", AppMetadataScenario::new);
    SCENARIOS.put("do_exchange:echo", DoExchangeEchoScenario::new);
    SCENARIOS.put("location:reuse_connection", ReuseConnectionScenario::new);
    SCENARIOS.put("session_options", SessionOptionsScenario::new);
    SCENARIOS.put("flight_sql", FlightSqlScenarios.Basic::new);
    SCENARIOS.put("flight_sql:extension", FlightSqlScenarios.Extension::new);
    SCENARIOS.put("flight_sql:ingestion", FlightSqlScenarios.Ingestion::new);
  }

  private static final class Options {
    String role;
    String host = "localhost";
    int port = -1;
    String scenario;
    final java.util.List<String> jsons = new java.util.ArrayList<>();
    /** Every -scenario and -port given, in order: a client runs scenario i against port i. */
    final java.util.List<String> scenarios = new java.util.ArrayList<>();
    final java.util.List<Integer> ports = new java.util.ArrayList<>();
    String json;
    int timeoutSeconds = 120;
  }

  public static void main(String[] args) throws Exception {
    Options o = parse(args);
    if (o.role.equals("server")) {
      serve(o);
    } else {
      System.exit(client(o));
    }
  }

  private static void usage(String why) {
    System.err.println("IntegrationPeer: " + why);
    System.err.println("usage: IntegrationPeer server -port 0 [-scenario NAME]");
    System.err.println("       IntegrationPeer client [-host H] -port P"
        + " (-scenario NAME | -j FILE.json) [-timeout SECONDS]");
    System.err.println("scenarios: " + String.join(", ", SCENARIOS.keySet()));
    System.exit(2);
  }

  private static Options parse(String[] args) {
    if (args.length < 1 || !(args[0].equals("server") || args[0].equals("client"))) {
      usage("the first argument must be server or client");
    }
    Options o = new Options();
    o.role = args[0];
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("-")) {
        usage("unexpected argument " + a);
      }
      String name = a.startsWith("--") ? a.substring(2) : a.substring(1);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        usage("option " + a + " needs a value");
        return o;
      }
      try {
        switch (name) {
          case "host":
            o.host = value;
            break;
          case "port":
            o.ports.add(Integer.parseInt(value));
            o.port = o.ports.get(0);
            break;
          case "scenario":
            o.scenarios.add(value);
            o.scenario = o.scenarios.get(0);
            break;
          case "j":
          case "json":
          case "path":
            o.jsons.add(value);
            break;
          case "timeout":
            o.timeoutSeconds = Integer.parseInt(value);
            break;
          default:
            usage("unknown option " + a);
        }
      } catch (NumberFormatException e) {
        usage("option " + a + " needs a number, got " + value);
      }
    }
    for (String sc : o.scenarios) {
      if (!SCENARIOS.containsKey(sc)) {
        usage("unknown scenario " + sc);
      }
    }
    if (o.scenarios.size() > 1 && (o.role.equals("server") || o.ports.size() != o.scenarios.size())) {
      usage("several -scenario need a client and one -port each, in the same order");
    }
    if (o.role.equals("server")) {
      if (!o.jsons.isEmpty()) {
        usage("the server takes no -j");
      }
      if (o.port < 0) {
        o.port = 0;
      }
    } else {
      if (o.port < 0) {
        usage("the client needs -port");
      }
      if ((o.scenario == null) == o.jsons.isEmpty()) {
        usage("the client needs exactly one of -scenario and -j");
      }
    }
    return o;
  }

  // ------------------------------------------------------------------ server

  private static void serve(Options o) throws Exception {
    BufferAllocator allocator = new RootAllocator(Long.MAX_VALUE);
    IntegrationScenario scenario =
        o.scenario == null ? new JsonRoundTrip() : SCENARIOS.get(o.scenario).get();
    AtomicReference<Location> self = new AtomicReference<>();
    FlightProducer producer = scenario.producer(allocator, self::get);
    FlightServer.Builder builder =
        FlightServer.builder(allocator, Location.forGrpcInsecure("localhost", o.port), producer);
    scenario.configure(builder);
    FlightServer server = builder.build().start();
    self.set(Location.forGrpcInsecure("localhost", server.getPort()));
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "integration-peer-shutdown"));
    System.out.println("Server listening on localhost:" + server.getPort());
    System.out.flush();
    TlsPeer.exitAtStdinEof("integration-peer-stdin");
    server.awaitTermination();
  }

  // ------------------------------------------------------------------ client

  private static int client(Options o) {
    int code = 0;
    if (o.scenario != null) {
      for (int i = 0; i < o.scenarios.size(); i++) {
        code = Math.max(code, client(o, o.ports.get(i), o.scenarios.get(i), null));
      }
      return code;
    }
    for (String json : o.jsons) {
      code = Math.max(code, client(o, o.port, json, json));
    }
    return code;
  }

  /**
   * One scenario ({@code name}) against {@code port}, or one JSON file's round trip ({@code json}
   * non-null); prints its verdict line.
   */
  private static int client(Options o, int port, String name, String json) {
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(o.timeoutSeconds * 1000L);
      } catch (InterruptedException e) {
        return;
      }
      report(name, "no result after " + o.timeoutSeconds + " s, during " + Checks.step());
      Runtime.getRuntime().halt(1);
    }, "integration-peer-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();

    String failure;
    Location location = Location.forGrpcInsecure(o.host, port);
    BufferAllocator allocator = new RootAllocator(Long.MAX_VALUE);
    try (FlightClient client = FlightClient.builder(allocator, location).build()) {
      IntegrationScenario scenario =
          json == null ? SCENARIOS.get(name).get() : new JsonRoundTrip(json);
      scenario.runClient(allocator, location, client);
      failure = null;
    } catch (Checks.Failure f) {
      failure = f.getMessage();
    } catch (FlightRuntimeException e) {
      failure = Checks.step() + " failed: " + Checks.status(e);
    } catch (Throwable t) {
      failure = Checks.step() + " failed: " + describe(t);
    }
    try {
      allocator.close();
    } catch (RuntimeException leak) {
      // A leak in this client is not the server's fault: say so, but keep the verdict.
      System.err.println("IntegrationPeer: allocator not empty at exit: " + leak.getMessage());
    }
    watchdog.interrupt();
    report(name, failure);
    return failure == null ? 0 : 1;
  }

  private static synchronized void report(String name, String failure) {
    System.out.println(failure == null ? "PASS " + name : "FAIL " + name + ": " + failure);
    System.out.flush();
  }

  /** The exception chain in one line; the stack trace goes to stderr. */
  private static String describe(Throwable t) {
    StringWriter sw = new StringWriter();
    t.printStackTrace(new PrintWriter(sw));
    System.err.print(sw);
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (sb.length() > 0) {
        sb.append(" <- ");
      }
      if (c instanceof FlightRuntimeException) {
        sb.append(Checks.status((FlightRuntimeException) c));
      } else {
        sb.append(c.getClass().getSimpleName());
        if (c.getMessage() != null) {
          sb.append(": ").append(c.getMessage());
        }
      }
    }
    return sb.toString();
  }
}
