package dev.flightwire.peer;

import static dev.flightwire.peer.Checks.fail;
import static dev.flightwire.peer.Checks.show;
import static dev.flightwire.peer.Checks.status;
import static dev.flightwire.peer.Checks.step;
import static dev.flightwire.peer.Checks.utf8;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightClientMiddleware;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightProducer;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.RequestContext;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code middleware}: response headers must reach client middleware also when the call fails at
 * once (gRPC then sends a single Trailers-Only block).
 *
 * <p>Server: a server middleware copies the request header {@code x-middleware} (the empty string
 * when absent, as Arrow does) into the response headers. GetFlightInfo(CMD "success") answers an
 * empty schema and no endpoints; every other descriptor fails at once with UNKNOWN "Unknown" (as
 * C++; Java uses UNIMPLEMENTED).
 *
 * <p>Client: sends {@code x-middleware: expected value}; GetFlightInfo(CMD "") must fail (any code)
 * and GetFlightInfo(CMD "success") must succeed, and both must surface the header back.
 */
final class MiddlewareScenario implements IntegrationScenario {
  static final String HEADER = "x-middleware";
  static final String EXPECTED = "expected value";

  @Override
  public FlightProducer producer(BufferAllocator allocator, Supplier<Location> self) {
    return new NoOpFlightProducer() {
      @Override
      public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
        if (descriptor.isCommand() && Arrays.equals(descriptor.getCommand(), utf8("success"))) {
          return new FlightInfo(new Schema(List.of()), descriptor, List.of(), -1, -1);
        }
        throw CallStatus.UNKNOWN.withDescription("Unknown").toRuntimeException();
      }
    };
  }

  @Override
  public void configure(FlightServer.Builder builder) {
    builder.middleware(FlightServerMiddleware.Key.of("x-middleware-echo"),
        (CallInfo info, CallHeaders incoming, RequestContext context) -> {
          String received = incoming.get(HEADER);
          String echoed = received == null ? "" : received;
          return new FlightServerMiddleware() {
            @Override
            public void onBeforeSendingHeaders(CallHeaders outgoing) {
              outgoing.insert(HEADER, echoed);
            }

            @Override
            public void onCallCompleted(CallStatus status) {}

            @Override
            public void onCallErrored(Throwable err) {}
          };
        });
  }

  /** Sends the header on every call and keeps the value that came back on the latest one. */
  private static final class Recorder implements FlightClientMiddleware.Factory {
    volatile String received;

    @Override
    public FlightClientMiddleware onCallStarted(CallInfo info) {
      return new FlightClientMiddleware() {
        @Override
        public void onBeforeSendingHeaders(CallHeaders outgoing) {
          outgoing.insert(HEADER, EXPECTED);
        }

        @Override
        public void onHeadersReceived(CallHeaders incoming) {
          String v = incoming.get(HEADER);
          if (v != null) {
            received = v;
          }
        }

        @Override
        public void onCallCompleted(CallStatus status) {}
      };
    }
  }

  @Override
  public void runClient(BufferAllocator allocator, Location server, FlightClient ignored)
      throws Exception {
    Recorder recorder = new Recorder();
    try (FlightClient client = FlightClient.builder(allocator, server).intercept(recorder).build()) {
      step("GetFlightInfo(CMD \"\") (must fail)");
      recorder.received = null;
      FlightRuntimeException e =
          Checks.failureOf(() -> client.getInfo(FlightDescriptor.command(new byte[0])));
      if (e == null) {
        throw fail("GetFlightInfo(CMD \"\") succeeded, expected it to fail");
      }
      if (!EXPECTED.equals(recorder.received)) {
        throw fail("failing call (" + status(e) + "): response header " + HEADER + " was "
            + show(recorder.received) + ", expected \"" + EXPECTED + "\"");
      }

      step("GetFlightInfo(CMD \"success\")");
      recorder.received = null;
      client.getInfo(FlightDescriptor.command(utf8("success")));
      if (!EXPECTED.equals(recorder.received)) {
        throw fail("succeeding call: response header " + HEADER + " was "
            + show(recorder.received) + ", expected \"" + EXPECTED + "\"");
      }
    }
  }
}
