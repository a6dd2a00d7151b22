package dev.flightwire;

import dev.flightwire.internal.convert.Errors;
import dev.flightwire.internal.call.ServerStream;
import dev.flightwire.internal.convert.PutResults;
import dev.flightwire.internal.grpc.GrpcStatusException;

/**
 * Sends acknowledgements (PutResult messages, each carrying application metadata) to a DoPut
 * client, which reads them with {@link FlightMetadataReader}. Handed to
 * {@link FlightServerBase#doPut}; whether and when to acknowledge is the service's protocol with
 * its clients (for example one acknowledgement per batch). Not thread-safe: one thread at a time.
 */
public final class FlightMetadataWriter {
  private final ServerStream stream;

  FlightMetadataWriter(ServerStream stream) {
    this.stream = stream;
  }

  /**
   * Sends one PutResult carrying {@code metadata}. Returns once the message is queued; it blocks
   * only while the call's outbound buffer is full.
   *
   * @param metadata the application metadata (copied: the array may be reused at once)
   * @throws FlightError the status the call failed with, for example
   *     {@link FlightCancelledError} when the client went away
   */
  public void write(byte[] metadata) {
    try {
      PutResults.write(stream, metadata);
    } catch (GrpcStatusException e) {
      throw Errors.toFlight(e);
    }
  }
}
