package dev.flightwire.cli;

import dev.flightwire.FlightServer;
import dev.flightwire.Location;
import dev.flightwire.demo.DemoService;
import dev.flightwire.internal.util.Transports;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/** {@code java -jar flightwire.jar serve [--host H] [--port P] [TLS and auth options]}: runs the demo service. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    // Arrow logs through SLF4J; the jar ships no SLF4J provider, so keep its "no providers" notice quiet
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      usage();
      return;
    }
    if (args[0].equals("version") || args[0].equals("--version")) {
      System.out.println(Version.describe());
      return;
    }
    if (args[0].equals("integration-server")) {
      System.exit(IntegrationCommands.server(args));
    }
    if (args[0].equals("integration-client")) {
      System.exit(IntegrationCommands.client(args));
    }
    if (!args[0].equals("serve")) {
      System.err.println("flightwire: unknown command '" + args[0] + "'");
      usage();
      System.exit(2);
    }
    String host = "localhost";
    int port = 8815;
    ServeSecurity security = new ServeSecurity();
    for (int i = 1; i < args.length; i++) {
      if (i + 1 >= args.length && !args[i].equals("--help") && !args[i].equals("-h")) {
        fail("option " + args[i] + " needs a value");
      }
      switch (args[i]) {
        case "--host":
          host = args[++i];
          break;
        case "--port":
          try {
            port = Integer.parseInt(args[++i]);
          } catch (NumberFormatException e) {
            fail("--port needs a number, not '" + args[i] + "'");
          }
          break;
        case "--tls-cert":
          security.tlsCert = Paths.get(args[++i]);
          break;
        case "--tls-key":
          security.tlsKey = Paths.get(args[++i]);
          break;
        case "--tls-client-ca":
          security.clientCa = Paths.get(args[++i]);
          break;
        case "--user":
          security.user = args[++i];
          break;
        case "--password":
          security.password = args[++i];
          break;
        case "--help":
        case "-h":
          usage();
          return;
        default:
          System.err.println("flightwire serve: unknown option '" + args[i] + "'");
          System.exit(2);
      }
    }
    String problem = security.problem();
    if (problem != null) {
      fail(problem);
    }
    serve(host, port, security);
  }

  private static void fail(String message) {
    System.err.println("flightwire serve: " + message);
    System.exit(2);
  }

  private static void serve(String host, int port, ServeSecurity security) throws Exception {
    DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    BufferAllocator allocator = new RootAllocator();
    DemoService service = new DemoService(allocator);
    Location location = security.tls() ? Location.forGrpcTls(host, port) : Location.forGrpcTcp(host, port);
    FlightServer.Builder builder = FlightServer.builder(allocator, location, service)
        .callLog(line -> System.out.println(LocalTime.now().format(clock) + " " + line));
    FlightServer server;
    try {
      security.apply(builder);
      server = builder.build().start();
    } catch (java.io.IOException | IllegalArgumentException | IllegalStateException e) {
      service.close();
      allocator.close();
      fail(e.getMessage());
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdown(Duration.ofSeconds(5));
      service.close();
      allocator.close();
    }, "flightwire-shutdown"));
    System.out.println("flightwire demo service listening on " + server.location() + " (" + Transports.name()
        + " transport" + (server.tlsProvider() == null ? "" : ", TLS by " + server.tlsProvider())
        + security.describe() + ")");
    System.out.flush();
    server.awaitTermination();
  }

  private static void usage() {
    System.out.println("usage: java -jar flightwire.jar serve [--host HOST] [--port PORT]\n"
        + "           [--tls-cert FILE --tls-key FILE [--tls-client-ca FILE]] [--user NAME --password PW]\n"
        + "  serve   run the demo data service (default grpc+tcp://localhost:8815)\n"
        + "  integration-server, integration-client   Arrow's cross-language Flight integration harness\n"
        + "    --tls-cert, --tls-key   serve grpc+tls with this PEM certificate chain and PKCS#8 key\n"
        + "    --tls-client-ca         require client certificates signed by this PEM CA (mTLS)\n"
        + "    --user, --password      every call needs these credentials, by handshake (BasicAuth)\n"
        + "                            or by header (authorization: Basic, answered with a Bearer token)\n"
        + "  version   the version, and whether it runs as the module dev.flightwire or from the class path");
  }
}
