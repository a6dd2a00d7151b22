package dev.flightwire;

import dev.flightwire.internal.call.ClientStream;
import dev.flightwire.internal.grpc.GrpcStatus;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;
import dev.flightwire.internal.proto.PutResult;
import io.netty.buffer.ByteBuf;

/**
 * Reads the PutResult messages a server sends during DoPut. Reading to the end ({@code null})
 * also surfaces the call's final status: a failed upload throws here.
 */
public final class FlightMetadataReader {
  private final ClientStream stream;
  private boolean ended;

  FlightMetadataReader(ClientStream stream) {
    this.stream = stream;
  }

  /** Blocks for the next acknowledgement's metadata; returns null when the call ended cleanly. */
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
