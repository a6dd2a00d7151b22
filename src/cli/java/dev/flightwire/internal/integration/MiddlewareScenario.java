package dev.flightwire.internal.integration;

import static dev.flightwire.internal.integration.IntegrationFailure.checkEquals;
import static dev.flightwire.internal.integration.IntegrationFailure.expectFailure;

import dev.flightwire.CallHeaders;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightError;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightServerError;
import dev.flightwire.ServerCallContext;
import dev.flightwire.middleware.ClientMiddleware;
import dev.flightwire.middleware.ServerMiddleware;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code middleware}: the server echoes {@code x-middleware}; GetFlightInfo succeeds only for the
 * command "success". The client's middleware must see the header on the failed call (a
 * Trailers-Only response) and on the successful one.
 */
final class MiddlewareScenario implements Scenario {
  static final String HEADER = "x-middleware";
  static final String VALUE = "expected value";

  private volatile String received;

  @Override
  public FlightServerBase service(BufferAllocator allocator) {
    return new FlightServerBase() {
      @Override
      public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
        if (descriptor.isCommand()
            && "success".equals(new String(descriptor.command(), StandardCharsets.UTF_8))) {
          return new FlightInfo(new Schema(List.of()), descriptor, List.of());
        }
        throw new FlightServerError("Unknown");
      }
    };
  }

  @Override
  public void configureServer(FlightServer.Builder builder) {
    builder.middleware("echo", (info, headers) -> {
      String value = headers.get(HEADER);
      return new ServerMiddleware() {
        @Override
        public void sendingHeaders(CallHeaders outgoing) {
          if (value != null) {
            outgoing.insert(HEADER, value);
          }
        }
      };
    });
  }

  @Override
  public void configureClient(FlightClientOptions.Builder builder) {
    builder.middleware(info -> new ClientMiddleware() {
      @Override
      public void sendingHeaders(CallHeaders outgoing) {
        outgoing.insert(HEADER, VALUE);
      }

      @Override
      public void receivedHeaders(CallHeaders incoming) {
        String v = incoming.get(HEADER);
        if (v != null) {
          received = v;
        }
      }
    });
  }

  @Override
  public void runClient(BufferAllocator allocator, FlightClient client) {
    received = null;
    expectFailure(FlightError.class, "GetFlightInfo of a command other than \"success\"",
        () -> client.getFlightInfo(FlightDescriptor.forCommand("")));
    checkEquals(VALUE, received, "x-middleware seen by client middleware on the failed call");
    received = null;
    client.getFlightInfo(FlightDescriptor.forCommand("success"));
    checkEquals(VALUE, received, "x-middleware seen by client middleware on the successful call");
  }
}
