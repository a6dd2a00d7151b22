package dev.flightwire.internal.grpc;

import io.netty.buffer.ByteBuf;

/** Writes the 5-byte gRPC message prefix. */
public final class GrpcFraming {
  private GrpcFraming() {}

  /** Writes an uncompressed prefix for a payload of {@code length} bytes into {@code out} (borrowed). */
  public static void writePrefix(ByteBuf out, int length) {
    out.writeByte(0);
    out.writeInt(length);
  }
}
