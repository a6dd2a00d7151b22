package dev.flightwire.internal.integration;

import static dev.flightwire.internal.integration.IntegrationFailure.check;
import static dev.flightwire.internal.integration.IntegrationFailure.checkEquals;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightServerBase;
import dev.flightwire.PollInfo;
import dev.flightwire.ServerCallContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * {@code poll_flight_info}: the first PollFlightInfo answers progress 0.1, an expiration 10 s
 * ahead and descriptor command "poll"; polling with that descriptor answers progress 1.0, no
 * descriptor and no expiration.
 */
final class PollScenario implements Scenario {
  @Override
  public FlightServerBase service(BufferAllocator allocator) {
    return new FlightServerBase() {
      @Override
      public PollInfo pollFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
        FlightInfo info = new FlightInfo(Batches.uint32Schema("number"), descriptor, List.of(), -1, -1, false,
            new byte[0]);
        if (descriptor.isCommand() && "poll".equals(new String(descriptor.command(), StandardCharsets.UTF_8))) {
          return new PollInfo(info, null, 1.0, null);
        }
        return new PollInfo(info, FlightDescriptor.forCommand("poll"), 0.1, Instant.now().plus(Duration.ofSeconds(10)));
      }
    };
  }

  @Override
  public void runClient(BufferAllocator allocator, FlightClient client) {
    PollInfo first = client.pollFlightInfo(FlightDescriptor.forCommand("heavy query"));
    check(first.descriptor() != null, "the first PollInfo must carry a descriptor to poll with");
    check(first.progress() != null && first.progress() >= 0 && first.progress() <= 1,
        "the first PollInfo's progress must be in [0, 1], got " + first.progress());
    check(first.expirationTime() != null, "the first PollInfo must carry an expiration time");
    PollInfo last = client.pollFlightInfo(first.descriptor());
    check(last.descriptor() == null, "the final PollInfo must not carry a descriptor, got " + last.descriptor());
    checkEquals(1.0, last.progress(), "final progress");
    check(last.expirationTime() == null, "the final PollInfo must not carry an expiration time");
  }
}
