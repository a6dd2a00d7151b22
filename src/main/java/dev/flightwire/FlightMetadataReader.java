package dev.flightwire;

import dev.flightwire.internal.call.ClientStream;
import dev.flightwire.internal.grpc.GrpcStatus;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;
import dev.flightwire.internal.proto.PutResult;
import io.netty.buffer.ByteBuf;

/**
 * Reads the acknowledgements (PutResult messages) a server sends during DoPut, each carrying
 * application metadata the service chose. Reading to the end ({@code null}) also surfaces the
 * call's final status: a failed upload throws here. Obtained from {@link DoPutStreams#reader()}.
 *
 * <p>Not thread-safe: one thread at a time, which may be another thread than the writer's (to
 * read acknowledgements while uploading). Acknowledgements nobody reads stay queued and hold the
 * call's receive window, so a long upload to a server that acknowledges should read them as it
 * goes; {@link DoPutStreams#close()} drains the rest.
 */
public final class FlightMetadataReader {
  private final ClientStream stream;
  private boolean ended;

  FlightMetadataReader(ClientStream stream) {
    this.stream = stream;
  }

  /**
   * Blocks, without being interruptible, for the next acknowledgement.
   *
   * @return the acknowledgement's app metadata (empty when it carried none), or null when the call
   *     ended with OK
   * @throws FlightError the status the call failed with; {@link FlightInternalError} for a
   *     malformed PutResult
   */
  public byte[] read() {
    ByteBuf m;
    try {
      m = stream.readMessage();
    } catch (GrpcStatusException e) {
      ended = true;
      throw Errors.toFlight(e);
    }
    if (m == null) {
      ended = true;
      return null;
    }
    try {
      return PutResult.parseFrom(m.nioBuffer()).getAppMetadata().toByteArray();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw Errors.toFlight(GrpcStatusException.of(GrpcStatusCode.INTERNAL, "malformed PutResult: " + e.getMessage()));
    } finally {
      m.release();
    }
  }

  /** Cancels the call unless reading already reached its end (its final status). */
  void cancel(String reason) {
    if (!ended) {
      stream.cancel(GrpcStatus.of(GrpcStatusCode.CANCELLED, reason));
    }
  }

  /** Releases acknowledgements received and not read, and drops those still arriving. */
  void discard() {
    stream.discardInbound();
  }
}
