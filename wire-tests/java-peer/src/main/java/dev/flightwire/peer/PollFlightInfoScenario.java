package dev.flightwire.peer;

import static dev.flightwire.peer.Checks.check;
import static dev.flightwire.peer.Checks.step;
import static dev.flightwire.peer.Checks.utf8;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightProducer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.PollInfo;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code poll_flight_info}: PollFlightInfo of a long-running query.
 *
 * <p>Server: every poll answers a FlightInfo (schema {@code number: uint32 not null}, the request
 * descriptor, one endpoint with ticket "long-running query"). Polling CMD "poll" answers the
 * finished query: no descriptor, progress 1.0, no expiration_time. Any other descriptor answers
 * the running query: descriptor CMD "poll", progress 0.1, expiration_time now+10 s.
 *
 * <p>Client: PollFlightInfo(CMD "heavy query") must carry a FlightInfo, a descriptor, a progress
 * in [0, 1] and an expiration_time; polling that descriptor must answer a FlightInfo, progress
 * 1.0, and neither descriptor nor expiration_time.
 */
final class PollFlightInfoScenario implements IntegrationScenario {
  static final Schema SCHEMA =
      new Schema(List.of(Field.notNullable("number", new ArrowType.Int(32, false))));

  @Override
  public FlightProducer producer(BufferAllocator allocator, Supplier<Location> self) {
    return new NoOpFlightProducer() {
      @Override
      public PollInfo pollFlightInfo(CallContext context, FlightDescriptor descriptor) {
        FlightInfo info = new FlightInfo(SCHEMA, descriptor,
            List.of(new FlightEndpoint(new Ticket(utf8("long-running query")))), -1, -1);
        if (descriptor.isCommand() && Arrays.equals(descriptor.getCommand(), utf8("poll"))) {
          return new PollInfo(info, null, 1.0, null);
        }
        return new PollInfo(info, FlightDescriptor.command(utf8("poll")), 0.1,
            Instant.now().plus(10, ChronoUnit.SECONDS));
      }
    };
  }

  @Override
  public void runClient(BufferAllocator allocator, Location server, FlightClient client) {
    step("PollFlightInfo(CMD \"heavy query\")");
    PollInfo first = client.pollInfo(FlightDescriptor.command(utf8("heavy query")));
    String what = "first PollFlightInfo (running query)";
    check(first.getFlightInfo() != null, what + ": no FlightInfo");
    check(first.getFlightDescriptor().isPresent(), what + ": no flight_descriptor to poll next");
    check(first.getProgress().isPresent(), what + ": no progress");
    double p = first.getProgress().get();
    check(p >= 0.0 && p <= 1.0, what + ": progress " + p + " is outside [0, 1]");
    check(first.getExpirationTime().isPresent(), what + ": no expiration_time");

    FlightDescriptor next = first.getFlightDescriptor().get();
    step("PollFlightInfo(" + next + ")");
    PollInfo done = client.pollInfo(next);
    what = "second PollFlightInfo (finished query)";
    check(done.getFlightInfo() != null, what + ": no FlightInfo");
    check(done.getFlightDescriptor().isEmpty(), what + ": has flight_descriptor "
        + done.getFlightDescriptor().orElse(null) + ", expected none (the query is done)");
    check(done.getProgress().isPresent(), what + ": no progress");
    p = done.getProgress().get();
    check(Math.abs(p - 1.0) <= 1e-5, what + ": progress " + p + ", expected 1.0");
    check(done.getExpirationTime().isEmpty(), what + ": has expiration_time "
        + done.getExpirationTime().orElse(null) + ", expected none");
  }
}
