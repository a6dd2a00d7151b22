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
 * buffer (the only copy). Each emitted message is owned by the listener. {@link #close} releases a
 * partly gathered message.
 *
 * <h3>Limits</h3>
 * A length above the configured maximum fails with RESOURCE_EXHAUSTED before anything is
 * allocated; a set compressed flag (flightwire negotiates no message compression) or reserved flag
 * bits fail with INTERNAL. A length prefix is a claim, not a fact: the gathering buffer is sized
 * from it only while the connection's {@link GatherBudget} allows; otherwise it starts small and
 * doubles as bytes arrive (at most one more copy of the message), so memory follows what was
 * received, not what was declared.
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
  /** Smallest gathering buffer allocated when the budget does not cover the whole message. */
  private static final int MIN_GATHER = 256;

  private final ByteBufAllocator alloc;
  private final int maxMessageSize;
  private final GatherBudget budget;
  private final Listener listener;
  private final byte[] header = new byte[HEADER_LENGTH];
  private int headerFill;
  private int length = -1;
  private ByteBuf gathering;
  /** Bytes of {@link #gathering} taken from the budget and not yet filled. */
  private long reserved;
  private boolean closed;

  /** A deframer without a gathering budget: buffers always grow with the bytes received. */
  public GrpcDeframer(ByteBufAllocator alloc, int maxMessageSize, Listener listener) {
    this(alloc, maxMessageSize, new GatherBudget(0), listener);
  }

  /** @param budget the connection's budget for gathering buffers, shared by its streams */
  public GrpcDeframer(ByteBufAllocator alloc, int maxMessageSize, GatherBudget budget, Listener listener) {
    this.alloc = alloc;
    this.maxMessageSize = maxMessageSize;
    this.budget = budget;
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
      if (gathering == null) {
        startGathering(n);
      } else if (gathering.writableBytes() < n) {
        gathering.capacity((int) Math.min(length, Math.max(2L * gathering.capacity(), gathering.writerIndex() + n)));
      }
      gathering.writeBytes(data, n);
      if (reserved > 0) {
        reserved -= n;
        budget.giveBack(n);
      }
      if (gathering.readableBytes() == length) {
        ByteBuf message = gathering;
        int wire = length + HEADER_LENGTH;
        gathering = null;
        length = -1;
        listener.onMessage(message, wire);
      }
    }
  }

  /** Allocates the buffer of a message split across buffers, whose first {@code n} bytes are here. */
  private void startGathering(int n) {
    if (budget.take(length)) {
      reserved = length;
      gathering = alloc.directBuffer(length, length);
    } else {
      gathering = alloc.directBuffer(Math.min(length, Math.max(MIN_GATHER, 2 * n)), length);
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
    budget.giveBack(reserved);
    reserved = 0;
  }
}
