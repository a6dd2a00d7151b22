package dev.flightwire.internal.integration;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightServerBase;
import org.apache.arrow.memory.BufferAllocator;

/**
 * One Arrow cross-language Flight integration scenario: a server side and a client side whose
 * checks judge the server (flight-reference.md section 6.3 lists them).
 */
public interface Scenario {
  /** The service of the scenario's server; it allocates from {@code allocator}. */
  FlightServerBase service(BufferAllocator allocator);

  /** Middleware or authentication the server needs. */
  default void configureServer(FlightServer.Builder builder) {}

  /** Middleware the client needs. */
  default void configureClient(FlightClientOptions.Builder builder) {}

  /**
   * Runs the client's checks against a server of the scenario.
   *
   * @throws IntegrationFailure when the server's answers differ from the scenario
   */
  void runClient(BufferAllocator allocator, FlightClient client) throws Exception;
}
