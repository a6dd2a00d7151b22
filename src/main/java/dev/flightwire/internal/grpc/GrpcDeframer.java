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
 * <h3>Bulk field</h3>
 * A deframer given a protobuf field number as its bulk field (FlightData's {@code data_body}, 1000)
 * gathers a message whose last field is that field in two buffers: the bytes before the field's
 * payload, and the payload in a buffer of exactly its size, emitted as a composite of the two. A
 * record batch body kept by the application then occupies its own size in the pool, not the size
 * class of body plus header (a 2 MiB body with a 300-byte header would otherwise take a 2.5 MiB
 * buffer), and its bytes stay contiguous, so it is still wrapped without a copy.
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
  /** Smallest bulk payload gathered into a buffer of its own. */
  static final int MIN_BULK = 64 * 1024;

  private final ByteBufAllocator alloc;
  private final int maxMessageSize;
  private final GatherBudget budget;
  private final Listener listener;
  private final int bulkField;
  private final byte[] header = new byte[HEADER_LENGTH];
  private int headerFill;
  private int length = -1;
  /** The message body, or its bulk field's payload when {@link #head} is set. */
  private ByteBuf gathering;
  /** The bytes before the bulk field's payload, exactly sized; null when not split. */
  private ByteBuf head;
  /** Bytes of {@link #gathering} taken from the budget and not yet filled. */
  private long reserved;
  private boolean closed;

  /** A deframer without a gathering budget: buffers always grow with the bytes received. */
  public GrpcDeframer(ByteBufAllocator alloc, int maxMessageSize, Listener listener) {
    this(alloc, maxMessageSize, new GatherBudget(0), 0, listener);
  }

  /** A deframer with a gathering budget and no bulk field. */
  public GrpcDeframer(ByteBufAllocator alloc, int maxMessageSize, GatherBudget budget, Listener listener) {
    this(alloc, maxMessageSize, budget, 0, listener);
  }

  /**
   * @param budget the connection's budget for gathering buffers, shared by its streams
   * @param bulkField protobuf field number whose payload, when it ends the message, is gathered
   *     into a buffer of its own; 0 for none
   */
  public GrpcDeframer(ByteBufAllocator alloc, int maxMessageSize, GatherBudget budget, int bulkField,
      Listener listener) {
    this.alloc = alloc;
    this.maxMessageSize = maxMessageSize;
    this.budget = budget;
    this.bulkField = bulkField;
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
      int n = Math.min(length - gathered(), data.readableBytes());
      if (gathering == null) {
        startGathering(data, n);
      }
      if (head != null && head.isWritable()) {
        n = Math.min(n, head.writableBytes());
        head.writeBytes(data, n);
      } else {
        if (gathering.writableBytes() < n) {
          int bodyLength = head == null ? length : length - head.capacity();
          gathering.capacity((int) Math.min(bodyLength,
              Math.max(2L * gathering.capacity(), gathering.writerIndex() + n)));
        }
        gathering.writeBytes(data, n);
      }
      if (reserved > 0) {
        reserved -= n;
        budget.giveBack(n);
      }
      if (gathered() == length) {
        ByteBuf message = head == null ? gathering
            : alloc.compositeDirectBuffer(2).addComponents(true, head, gathering);
        int wire = length + HEADER_LENGTH;
        gathering = null;
        head = null;
        length = -1;
        listener.onMessage(message, wire);
      }
    }
  }

  private int gathered() {
    return (gathering == null ? 0 : gathering.readableBytes()) + (head == null ? 0 : head.readableBytes());
  }

  /**
   * Allocates the buffer (or head and bulk buffers) of a message split across buffers, whose first
   * {@code n} bytes are readable in {@code data} (borrowed, not consumed).
   */
  private void startGathering(ByteBuf data, int n) {
    if (budget.take(length)) {
      reserved = length;
      int at = bulkField == 0 ? -1 : bulkPayloadOffset(data, n);
      if (at > 0) {
        head = alloc.directBuffer(at, at);
        gathering = alloc.directBuffer(length - at, length - at);
      } else {
        gathering = alloc.directBuffer(length, length);
      }
    } else {
      gathering = alloc.directBuffer(Math.min(length, Math.max(MIN_GATHER, 2 * n)), length);
    }
  }

  /**
   * Where the payload of {@link #bulkField} starts, if the first {@code n} readable bytes of
   * {@code data} show that field as the message's last one and its payload is at least
   * {@link #MIN_BULK} bytes; -1 otherwise (malformed protobuf included: the parser above reports it).
   */
  private int bulkPayloadOffset(ByteBuf data, int n) {
    int start = data.readerIndex();
    int at = 0;
    while (at < n) {
      long tag = varint(data, start, n, at);
      if (tag < 0) {
        return -1;
      }
      at += varintSize(tag);
      int wireType = (int) (tag & 7);
      switch (wireType) {
        case 0 -> {
          long v = varint(data, start, n, at);
          if (v < 0) {
            return -1;
          }
          at += varintSize(v);
        }
        case 1 -> at += 8;
        case 5 -> at += 4;
        case 2 -> {
          long len = varint(data, start, n, at);
          if (len < 0) {
            return -1;
          }
          at += varintSize(len);
          if ((tag >>> 3) == bulkField) {
            return at + len == length && len >= MIN_BULK ? at : -1;
          }
          if (at + len > length) {
            return -1;
          }
          at += (int) len;
        }
        default -> {
          return -1;
        }
      }
    }
    return -1;
  }

  /** The varint at {@code at} of the first {@code n} bytes after {@code start}; -1 if cut off or over 2^62. */
  private static long varint(ByteBuf data, int start, int n, int at) {
    long v = 0;
    for (int shift = 0; shift < 63 && at < n; shift += 7, at++) {
      byte b = data.getByte(start + at);
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    return -1;
  }

  private static int varintSize(long v) {
    int size = 1;
    while ((v >>>= 7) != 0) {
      size++;
    }
    return size;
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
    if (head != null) {
      head.release();
      head = null;
    }
    budget.giveBack(reserved);
    reserved = 0;
  }
}
