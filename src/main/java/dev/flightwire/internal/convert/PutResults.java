package dev.flightwire.internal.convert;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.flightwire.internal.call.CallStream;
import dev.flightwire.internal.call.ServerStream;
import dev.flightwire.internal.grpc.GrpcFraming;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;
import io.netty.buffer.ByteBuf;

/**
 * The DoPut acknowledgement (PutResult, carrying application metadata) on a call: read on the
 * client, written on the server. Holds no state.
 */
public final class PutResults {
  private PutResults() {}

  /**
   * Blocks for the next PutResult of {@code stream} and returns its app metadata.
   *
   * @return owned bytes (empty when the message carried none), or null when the call ended with OK
   * @throws GrpcStatusException the status the call failed with; INTERNAL for a malformed PutResult
   */
  public static byte[] read(CallStream stream) {
    return read(stream, () -> { });
  }

  /**
   * As {@link #read(CallStream)}; {@code onCallOutcome} runs just before the call's own outcome
   * (its final status or a local failure) is thrown, and not for a malformed PutResult, which
   * fails the read while the call may run on.
   */
  public static byte[] read(CallStream stream, Runnable onCallOutcome) {
    ByteBuf m;
    try {
      m = stream.readMessage();
    } catch (GrpcStatusException e) {
      onCallOutcome.run();
      throw e;
    }
    if (m == null) {
      return null;
    }
    try {
      return metadataOf(m);
    } finally {
      m.release();
    }
  }

  /**
   * The app metadata of one PutResult message.
   *
   * @param m the message body; borrowed (not released here)
   * @throws GrpcStatusException INTERNAL for a malformed PutResult
   */
  public static byte[] metadataOf(ByteBuf m) {
    try {
      return parseMetadata(m);
    } catch (InvalidProtocolBufferException e) {
      throw GrpcStatusException.of(GrpcStatusCode.INTERNAL, "malformed PutResult: " + e.getMessage());
    }
  }

  /**
   * The app metadata of one PutResult message, failing as the protobuf parser does.
   *
   * @param m the message body; borrowed (not released here)
   */
  public static byte[] parseMetadata(ByteBuf m) throws InvalidProtocolBufferException {
    return dev.flightwire.internal.proto.PutResult.parseFrom(m.nioBuffer()).getAppMetadata().toByteArray();
  }

  /**
   * Sends one PutResult carrying {@code metadata} (copied) on a server call. Returns once the
   * message is queued; it blocks only while the call's outbound buffer is full.
   *
   * @throws GrpcStatusException the status the call failed with
   */
  public static void write(ServerStream stream, byte[] metadata) {
    byte[] body = dev.flightwire.internal.proto.PutResult.newBuilder().setAppMetadata(ByteString.copyFrom(metadata))
        .build().toByteArray();
    ByteBuf m = stream.connection().alloc().buffer(5 + body.length);
    GrpcFraming.writePrefix(m, body.length);
    m.writeBytes(body);
    stream.writeMessage(m, false, false);
  }
}
