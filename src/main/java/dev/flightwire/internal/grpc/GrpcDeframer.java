package dev.flightwire.internal.grpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * Splits the DATA bytes of one HTTP/2 stream into gRPC messages.
 *
 * <pre>
 * +------------+---------------------------+----------------------+
 * | flag (1 B) | length (4 B, big-endian)  | payload (length B)   |
 * +------------+---------------------------+----------------------+
 * </pre>
 *
 * <h3>Reference counting</h3>
 * {@link #receive} borrows its argument. A message that lies within one received buffer is emitted
 * as a retained slice of it (no copy); a message split across buffers is gathered into one direct
 * buffer that grows with the bytes received, up to the length in its prefix. Each emitted message
 * is owned by the listener. {@link #close} releases a partly gathered message.
 *
 * <h3>Limits</h3>
 * A length above the configured maximum fails with RESOURCE_EXHAUSTED before anything is
 * allocated, and memory is only reserved for bytes that arrived (at most about twice as many, or
 * 64 KiB): the length prefix is the peer's claim, not a reservation. A set compressed flag
 * (flightwire negotiates no message compression) or reserved flag bits fail with INTERNAL.
 *
 * <h3>Threading</h3>
 * Not thread-safe; event-loop only.
 */
public final class GrpcDeframer {
  /** Receives each complete message. */
  public interface Listener {
    /**
     * @param message owned by the listener, which must release it
     * @param wireBytes prefix plus payload size, for flow-control accounting
     */
    void onMessage(ByteBuf message, int wireBytes);
  }

  public static final int HEADER_LENGTH = 5;
  /** First capacity of a message gathered across buffers, unless the message or the chunk is larger. */
  private static final int INITIAL_GATHER_CAPACITY = 64 * 1024;

  private final ByteBufAllocator alloc;
  private final int maxMessageSize;
  private final Listener listener;
  private final byte[] header = new byte[HEADER_LENGTH];
  private int headerFill;
  private int length = -1;
  private ByteBuf gathering;
  private boolean closed;

  public GrpcDeframer(ByteBufAllocator alloc, int maxMessageSize, Listener listener) {
    this.alloc = alloc;
    this.maxMessageSize = maxMessageSize;
    this.listener = listener;
  }

  /**
   * Consumes all readable bytes of {@code data} (borrowed), emitting every message it completes.
   *
   * @throws GrpcStatusException on an oversize or malformed prefix; the deframer is then closed
   */
  public void receive(ByteBuf data) {
    if (closed) {
      return;
    }
    while (data.isReadable()) {
      if (length < 0) {
        int n = Math.min(HEADER_LENGTH - headerFill, data.readableBytes());
        data.readBytes(header, headerFill, n);
        headerFill += n;
        if (headerFill < HEADER_LENGTH) {
          return;
        }
        headerFill = 0;
        startMessage();
        if (length == 0) {
          length = -1;
          listener.onMessage(Unpooled.EMPTY_BUFFER, HEADER_LENGTH);
        }
        continue;
      }
      if (gathering == null && data.readableBytes() >= length) {
        ByteBuf message = data.readRetainedSlice(length);
        int wire = length + HEADER_LENGTH;
        length = -1;
        listener.onMessage(message, wire);
        continue;
      }
      int n = Math.min(length - (gathering == null ? 0 : gathering.readableBytes()), data.readableBytes());
      gather(n);
      gathering.writeBytes(data, n);
      if (gathering.readableBytes() == length) {
        ByteBuf message = gathering;
        int wire = length + HEADER_LENGTH;
        gathering = null;
        length = -1;
        listener.onMessage(message, wire);
      }
    }
  }

  /**
   * Makes room for {@code n} more bytes of the message being gathered. The capacity follows the
   * bytes that arrived (doubling, so growth copies each byte about once more), never the declared
   * length alone: a 5-byte prefix claiming 2 GiB must not reserve 2 GiB.
   */
  private void gather(int n) {
    if (gathering == null) {
      gathering = alloc.directBuffer(Math.min(length, Math.max(n, INITIAL_GATHER_CAPACITY)), length);
      return;
    }
    int needed = gathering.writerIndex() + n;
    if (needed > gathering.capacity()) {
      gathering.capacity((int) Math.min(length, Math.max(needed, 2L * gathering.capacity())));
    }
  }

  private void startMessage() {
    int flag = header[0] & 0xFF;
    long len = ((header[1] & 0xFFL) << 24) | ((header[2] & 0xFFL) << 16) | ((header[3] & 0xFFL) << 8)
        | (header[4] & 0xFFL);
    if (flag == 1) {
      fail(GrpcStatusCode.INTERNAL, "received a compressed message but no grpc-encoding was negotiated");
    }
    if (flag != 0) {
      fail(GrpcStatusCode.INTERNAL, "invalid gRPC message flag 0x" + Integer.toHexString(flag));
    }
    if (len > maxMessageSize) {
      fail(GrpcStatusCode.RESOURCE_EXHAUSTED,
          "message of " + len + " bytes exceeds the limit of " + maxMessageSize + " bytes");
    }
    length = (int) len;
  }

  private void fail(GrpcStatusCode code, String message) {
    close();
    throw GrpcStatusException.of(code, message);
  }

  /** True when no message is partly received (a clean end of stream). */
  public boolean isIdle() {
    return length < 0 && headerFill == 0;
  }

  /** Releases a partly gathered message; further input is ignored. */
  public void close() {
    closed = true;
    if (gathering != null) {
      gathering.release();
      gathering = null;
    }
  }
}
