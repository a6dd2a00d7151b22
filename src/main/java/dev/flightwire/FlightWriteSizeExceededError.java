package dev.flightwire;

/**
 * A message was larger than the client's write size limit; nothing was sent. Split the batch and
 * try again. Raised locally, never received from a server.
 */
public class FlightWriteSizeExceededError extends FlightError {
  private static final long serialVersionUID = 1L;
  private final long limit;
  private final long actualSize;

  public FlightWriteSizeExceededError(String message, long limit, long actualSize) {
    super(FlightStatusCode.INVALID_ARGUMENT, message);
    this.limit = limit;
    this.actualSize = actualSize;
  }

  public long limit() {
    return limit;
  }

  public long actualSize() {
    return actualSize;
  }
}
