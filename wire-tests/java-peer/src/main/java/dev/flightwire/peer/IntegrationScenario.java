package dev.flightwire.peer;

import java.util.function.Supplier;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightProducer;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;

/**
 * One Arrow Flight integration scenario (Arrow's archery names), playable as a server and as a
 * client. See {@link IntegrationPeer} for the command line.
 */
interface IntegrationScenario {

  /**
   * The producer the scenario server runs. {@code self} yields the server's own location once it
   * is listening (the port is only known then).
   */
  FlightProducer producer(BufferAllocator allocator, Supplier<Location> self) throws Exception;

  /** Adds middleware, auth handlers and the like to the server builder. */
  default void configure(FlightServer.Builder builder) {}

  /**
   * Runs the client checks against {@code server}. {@code client} is a plain client connected to
   * it; scenarios that need middleware build their own. Throws {@link Checks.Failure} on a
   * mismatch; any other exception is reported together with {@link Checks#step()}.
   */
  void runClient(BufferAllocator allocator, Location server, FlightClient client) throws Exception;
}
