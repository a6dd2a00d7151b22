package dev.flightwire;

import dev.flightwire.internal.call.ClientStream;
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

  FlightMetadataReader(ClientStream stream) {
    this.stream = stream;
  }

  /** Blocks for the next acknowledgement's metadata; returns null when the call ended cleanly. */
  public byte[] read() {
    ByteBuf m;
    try {
      m = stream.readMessage();
    } catch (GrpcStatusException e) {
      throw Errors.toFlight(e);
    }
    if (m == null) {
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
}
