package dev.flightwire;

import dev.flightwire.internal.call.CallStream;
import dev.flightwire.internal.grpc.GrpcFraming;
import dev.flightwire.internal.grpc.GrpcStatusException;
import dev.flightwire.internal.proto.PutResult;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Sends PutResult messages (acknowledgements with application metadata) to a DoPut client. */
public final class FlightMetadataWriter {
  private final CallStream stream;
  private final ByteBufAllocator alloc;

  FlightMetadataWriter(CallStream stream, ByteBufAllocator alloc) {
    this.stream = stream;
    this.alloc = alloc;
  }

  /** Sends one PutResult carrying {@code metadata}; it is on its way when this returns. */
  public void write(byte[] metadata) {
    byte[] body = PutResult.newBuilder().setAppMetadata(com.google.protobuf.ByteString.copyFrom(metadata)).build()
        .toByteArray();
    ByteBuf m = alloc.buffer(5 + body.length);
    GrpcFraming.writePrefix(m, body.length);
    m.writeBytes(body);
    try {
      stream.writeMessage(m, false, false);
    } catch (GrpcStatusException e) {
      throw Errors.toFlight(e);
    }
  }
}
