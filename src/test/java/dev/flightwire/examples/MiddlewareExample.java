package dev.flightwire.examples;

import dev.flightwire.CallHeaders;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightError;
import dev.flightwire.FlightInfo;
import dev.flightwire.Location;
import dev.flightwire.middleware.CallInfo;
import dev.flightwire.middleware.ClientMiddleware;
import dev.flightwire.middleware.ClientMiddlewareFactory;
import dev.flightwire.middleware.ServerMiddleware;
import dev.flightwire.middleware.ServerMiddlewareFactory;
import java.io.PrintStream;
import java.util.List;

/**
 * The seed's "Middleware and Monitoring" in Java: a client middleware timing every call and a
 * server middleware logging every call. Install the server half with
 * {@code FlightServer.builder(...).middleware("logging", new LoggingServerMiddlewareFactory(System.out))}.
 */
public final class MiddlewareExample {
  private MiddlewareExample() {}

  /** Times one call; its methods run on the thread making the call. */
  static final class TimingClientMiddleware implements ClientMiddleware {
    private final PrintStream out;
    private long startNanos;

    TimingClientMiddleware(PrintStream out) {
      this.out = out;
    }

    @Override
    public void sendingHeaders(CallHeaders outgoing) {
      startNanos = System.nanoTime();
    }

    @Override
    public void receivedHeaders(CallHeaders incoming) {
      out.println("Received headers: " + incoming);
    }

    @Override
    public void callCompleted(FlightError error) {
      out.printf("Request completed in %.3f seconds%n", (System.nanoTime() - startNanos) / 1e9);
    }
  }

  /** Creates timing middleware for each call. */
  public static final class TimingClientMiddlewareFactory implements ClientMiddlewareFactory {
    private final PrintStream out;

    public TimingClientMiddlewareFactory(PrintStream out) {
      this.out = out;
    }

    @Override
    public ClientMiddleware startCall(CallInfo info) {
      out.println("Starting call: " + info.method());
      return new TimingClientMiddleware(out);
    }
  }

  /** Logs one call; its methods run on a server executor thread. */
  static final class LoggingServerMiddleware implements ServerMiddleware {
    private final PrintStream out;
    private final long startNanos = System.nanoTime();

    LoggingServerMiddleware(PrintStream out, CallInfo info, CallHeaders headers) {
      this.out = out;
      out.println("Request started: " + info.method());
      out.println("Headers: " + headers);
    }

    @Override
    public void callCompleted(FlightError error) {
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      if (error != null) {
        out.printf("Request failed after %.3fs: %s%n", seconds, error.getMessage());
      } else {
        out.printf("Request completed in %.3fs%n", seconds);
      }
    }
  }

  /** Creates logging middleware for each call. */
  public static final class LoggingServerMiddlewareFactory implements ServerMiddlewareFactory<ServerMiddleware> {
    private final PrintStream out;

    public LoggingServerMiddlewareFactory(PrintStream out) {
      this.out = out;
    }

    @Override
    public ServerMiddleware startCall(CallInfo info, CallHeaders incomingHeaders) {
      return new LoggingServerMiddleware(out, info, incomingHeaders);
    }
  }

  static void run(String location, PrintStream out) {
    FlightClientOptions options = FlightClientOptions.builder()
        .middleware(new TimingClientMiddlewareFactory(out))
        .build();
    try (FlightClient client = FlightClient.connect(Location.parse(location), options)) {
      // All requests will be timed
      List<FlightInfo> flights = client.listFlights().toList();
      out.println("Listed " + flights.size() + " flights");
    }
  }

  public static void main(String[] args) {
    run(args.length > 0 ? args[0] : "grpc://localhost:8815", System.out);
  }
}
