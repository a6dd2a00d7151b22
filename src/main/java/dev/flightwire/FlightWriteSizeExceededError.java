package dev.flightwire;

/**
 * A message was larger than the client's write size limit
 * ({@link FlightClientOptions.Builder#writeSizeLimitBytes}); nothing of it was sent and the call
 * goes on. Split the batch and write the parts, or raise the limit. Raised locally by
 * {@link FlightStreamWriter} on the client, never received from a server; its code is
 * INVALID_ARGUMENT.
 */
public class FlightWriteSizeExceededError extends FlightError {
  private static final long serialVersionUID = 1L;
  /** The configured limit, in bytes. */
  private final long limit;
  /** The size of the refused message, in bytes. */
  private final long actualSize;

  /**
   * An error for a message of {@code actualSize} bytes refused under {@code limit}.
   *
   * @param message the error message
   * @param limit the write size limit in bytes
   * @param actualSize the size of the refused message in bytes (gRPC prefix and FlightData framing
   *     included)
   */
  public FlightWriteSizeExceededError(String message, long limit, long actualSize) {
    super(FlightStatusCode.INVALID_ARGUMENT, message);
    this.limit = limit;
    this.actualSize = actualSize;
  }

  /**
   * The write size limit that was exceeded.
   *
   * @return the limit in bytes
   */
  public long limit() {
    return limit;
  }

  /**
   * The size of the message that was refused.
   *
   * @return its size in bytes, as it would have gone on the wire
   */
  public long actualSize() {
    return actualSize;
  }
}
