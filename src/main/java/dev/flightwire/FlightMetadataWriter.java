package dev.flightwire;

import dev.flightwire.internal.call.CallStream;
import dev.flightwire.internal.grpc.GrpcFraming;
import dev.flightwire.internal.grpc.GrpcStatusException;
import dev.flightwire.internal.proto.PutResult;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Sends acknowledgements (PutResult messages, each carrying application metadata) to a DoPut
 * client, which reads them with {@link FlightMetadataReader}. Handed to
 * {@link FlightServerBase#doPut}; whether and when to acknowledge is the service's protocol with
 * its clients (for example one acknowledgement per batch). Not thread-safe: one thread at a time.
 */
public final class FlightMetadataWriter {
  private final CallStream stream;
  private final ByteBufAllocator alloc;

  FlightMetadataWriter(CallStream stream, ByteBufAllocator alloc) {
    this.stream = stream;
    this.alloc = alloc;
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
