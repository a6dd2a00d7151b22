package dev.flightwire;

import dev.flightwire.internal.call.ClientStream;
import dev.flightwire.internal.convert.Errors;
import dev.flightwire.internal.convert.PutResults;
import dev.flightwire.internal.grpc.GrpcStatus;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;

/**
 * Reads the acknowledgements (PutResult messages) a server sends during DoPut, each carrying
 * application metadata the service chose. Reading to the end ({@code null}) also surfaces the
 * call's final status: a failed upload throws here. Obtained from {@link DoPutStreams#reader()}.
 *
 * <p>Not thread-safe: one thread at a time, which may be another thread than the writer's (to
 * read acknowledgements while uploading); {@link #abort(Throwable)} and {@link #cancel(String)}
 * may be called from any thread. Acknowledgements nobody reads stay queued and hold the call's
 * receive window, so a long upload to a server that acknowledges should read them as it goes;
 * {@link DoPutStreams#close()} drains the rest.
 */
public final class FlightMetadataReader {
  private final ClientStream stream;

  FlightMetadataReader(ClientStream stream) {
    this.stream = stream;
  }

  /**
   * Blocks for the next acknowledgement. Interrupting the wait cancels the call and throws
   * {@link FlightCancelledError} caused by the {@link InterruptedException}, with the thread's
   * interrupt flag set again.
   *
   * @return the acknowledgement's app metadata (empty when it carried none), or null when the call
   *     ended with OK
   * @throws FlightError the status the call failed with; {@link FlightInternalError} for a
   *     malformed PutResult
   */
  public byte[] read() {
    try {
      return PutResults.read(stream, () -> failureThrown = true);
    } catch (GrpcStatusException e) {
      throw Errors.toFlight(e);
    }
  }

  /** Set once {@link #read()} has thrown the status the call ended with to the application. */
  private volatile boolean failureThrown;

  /** Whether {@link #read()} has already thrown the status the call ended with (the call is over). */
  boolean failureThrown() {
    return failureThrown;
  }

  /**
   * Cancels the DoPut call: the stream is reset (RST_STREAM CANCEL), so the server's handler
   * sees {@link FlightCancelledError} instead of the end of the upload. Acknowledgements not yet
   * read are released; reads, and the writes of the call's writer, then throw
   * {@link FlightCancelledError} with {@code reason} as its message. Idempotent, and may be called
   * from any thread, for example to stop a read blocked in another. Once the call has completed
   * (its final status arrived), it does nothing.
   *
   * @param reason the local error's message
   */
  public void cancel(String reason) {
    stream.cancelUnlessCompleted(GrpcStatus.of(GrpcStatusCode.CANCELLED,
        reason == null ? "the call was cancelled" : reason));
  }

  /**
   * Cancels the DoPut call because of {@code cause}: as {@link #cancel(String)}, with
   * {@code cause} as the cause of the {@link FlightCancelledError} that reads and writes then
   * throw (the cause itself is not sent: the server sees the call cancelled).
   *
   * @param cause why the upload is given up, or null
   */
  public void abort(Throwable cause) {
    stream.cancelUnlessCompleted(GrpcStatus.of(GrpcStatusCode.CANCELLED,
        cause == null ? "the call was aborted" : "the call was aborted: " + cause, CallHeaders.EMPTY, cause));
  }

  /** Releases acknowledgements received and not read, and drops those still arriving. */
  void discard() {
    stream.discardInbound();
  }
}
