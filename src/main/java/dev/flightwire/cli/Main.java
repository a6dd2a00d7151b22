package dev.flightwire.cli;

import dev.flightwire.FlightServer;
import dev.flightwire.Location;
import dev.flightwire.demo.DemoService;
import dev.flightwire.internal.util.Transports;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/** {@code java -jar flightwire.jar serve [--host H] [--port P]}: runs the demo service. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      usage();
      return;
    }
    if (!args[0].equals("serve")) {
      System.err.println("flightwire: unknown command '" + args[0] + "'");
      usage();
      System.exit(2);
    }
    String host = "localhost";
    int port = 8815;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--host":
          host = args[++i];
          break;
        case "--port":
          port = Integer.parseInt(args[++i]);
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
    serve(host, port);
  }

  private static void serve(String host, int port) throws Exception {
    DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    BufferAllocator allocator = new RootAllocator();
    DemoService service = new DemoService(allocator);
    FlightServer server = FlightServer.builder(allocator, Location.forGrpcTcp(host, port), service)
        .callLog(line -> System.out.println(LocalTime.now().format(clock) + " " + line))
        .build()
        .start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdown(Duration.ofSeconds(5));
      service.close();
      allocator.close();
    }, "flightwire-shutdown"));
    System.out.println("flightwire demo service listening on " + server.location() + " (" + Transports.name()
        + " transport)");
    System.out.flush();
    server.awaitTermination();
  }

  private static void usage() {
    System.out.println("usage: java -jar flightwire.jar serve [--host HOST] [--port PORT]\n"
        + "  serve   run the demo data service (default grpc+tcp://localhost:8815)");
  }
}
