package dev.flightwire.internal.ipc;

import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ForeignAllocation;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Parses a FlightData protobuf in place: fields in any order, unknown fields skipped, a repeated
 * field 1000 keeps the last value. The descriptor, data_header and app_metadata are copied (they
 * are small); the body is not: it becomes an ArrowBuf of the caller's allocator over the network
 * buffer itself (a foreign allocation whose release releases the Netty buffer), so the memory is
 * accounted to the user's allocator.
 */
public final class FlightDataDecoder {
  private FlightDataDecoder() {}

  /**
   * Decodes {@code message}, which this method takes ownership of: it is released before return
   * unless the returned body references it.
   *
   * @throws GrpcStatusException INTERNAL for malformed protobuf, INVALID_ARGUMENT for a data_header
   *     that is not an IPC Message flatbuffer
   */
  public static FlightDataMessage decode(ByteBuf message, BufferAllocator allocator) {
    byte[] descriptor = null;
    byte[] header = null;
    byte[] appMetadata = null;
    int bodyIndex = -1;
    int bodyLength = 0;
    try {
      ByteBuf in = message;
      while (in.isReadable()) {
        long tag = readVarint(in);
        int field = (int) (tag >>> 3);
        int wireType = (int) (tag & 7);
        if (wireType == 2) {
          long len = readVarint(in);
          if (len < 0 || len > in.readableBytes()) { // a 10-byte varint can be negative
            throw malformed("field " + field + " claims " + len + " bytes but only " + in.readableBytes() + " remain");
          }
          int n = (int) len;
          switch (field) {
            case 1:
              descriptor = readBytes(in, n);
              break;
            case 2:
              header = readBytes(in, n);
              break;
            case 3:
              appMetadata = readBytes(in, n);
              break;
            case 1000:
              bodyIndex = in.readerIndex();
              bodyLength = n;
              in.skipBytes(n);
              break;
            default:
              in.skipBytes(n);
          }
        } else {
          skip(in, wireType, field);
        }
      }
      Message fb = header == null ? null : parseHeader(header);
      ArrowBuf body = null;
      SegmentedBody segments = null;
      if (bodyIndex >= 0 && fb != null) {
        segments = byReference(message, bodyIndex, bodyLength, allocator);
        if (segments == null) {
          body = wrapBody(message, bodyIndex, bodyLength, allocator);
        }
      }
      return new FlightDataMessage(descriptor, fb, appMetadata, body, segments);
    } finally {
      message.release();
    }
  }

  /**
   * The IPC Message of a data_header. The protobuf around it was valid, so what is wrong here is
   * the Arrow payload the client sent: INVALID_ARGUMENT, as Arrow C++ answers a message it cannot
   * verify.
   */
  private static Message parseHeader(byte[] header) {
    try {
      ByteBuffer bb = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
      Message m = Message.getRootAsMessage(bb);
      m.version();
      m.headerType();
      m.bodyLength();
      return m;
    } catch (RuntimeException e) {
      throw GrpcStatusException.of(GrpcStatusCode.INVALID_ARGUMENT, "data_header (" + header.length
          + " bytes) is not a valid Arrow IPC Message flatbuffer: "
          + (e instanceof IndexOutOfBoundsException ? "its offsets point outside it" : e.toString()));
    }
  }

  /**
   * Returns an ArrowBuf over message[index, index+length), retaining {@code message} for it. A
   * message cut from a composite (frames cumulated from several socket reads) has no memory
   * address of its own; a body that lies within one of its components is still wrapped in place,
   * and only a body that spans components is copied, once, into the caller's allocator.
   */
  private static ArrowBuf wrapBody(ByteBuf message, int index, int length, BufferAllocator allocator) {
    if (length == 0) {
      return allocator.getEmpty();
    }
    if (message.hasMemoryAddress()) {
      return wrap(message, index, length, message.memoryAddress() + index, allocator);
    }
    ByteBuffer[] parts = message.nioBuffers(index, length);
    if (parts.length == 1 && parts[0].isDirect()) {
      return wrap(message, index, length, MemoryUtil.getByteBufferAddress(parts[0]) + parts[0].position(), allocator);
    }
    ArrowBuf buf = allocator.buffer(length);
    long at = 0;
    for (ByteBuffer part : parts) {
      int n = part.remaining();
      buf.setBytes(at, part);
      at += n;
    }
    return buf;
  }

  /**
   * The body of a message passed by reference (in-process: the writer's own composite, whose body
   * is the batch's Arrow buffers as they were, with zero padding between them), or null when the
   * message is not one or its body lies in one region (then {@link #wrapBody} wraps it whole).
   *
   * <p>Each Arrow buffer is taken over by the receiving allocator when it shares a root with the
   * writer's (Arrow's own zero-copy transfer: once the writer closes its vectors, the memory is
   * the reader's alone, and the writer's allocator may close); otherwise, and for any region that
   * is not an Arrow buffer, the region is wrapped in place and keeps the message (and so the
   * writer's buffers) alive until the reader releases it. Padding is not kept at all.
   */
  private static SegmentedBody byReference(ByteBuf message, int index, int length, BufferAllocator allocator) {
    if (!(message instanceof ArrowBodyComposite composite) || length == 0) {
      return null;
    }
    ByteBuffer[] parts = message.nioBuffers(index, length);
    if (parts.length < 2) {
      return null;
    }
    for (ByteBuffer p : parts) {
      if (!p.isDirect()) {
        return null;
      }
    }
    java.util.List<ArrowBuf> wrapped = new java.util.ArrayList<>(parts.length);
    java.util.List<Integer> lengths = new java.util.ArrayList<>(parts.length);
    boolean transfer = true;
    try {
      int at = index;
      for (ByteBuffer p : parts) {
        int n = p.remaining();
        long address = MemoryUtil.getByteBufferAddress(p) + p.position();
        ArrowBuf arrow = composite.arrowAt(address, n);
        ArrowBuf part = null;
        if (arrow != null && transfer) {
          try {
            ArrowBuf taken = arrow.getReferenceManager().retain(arrow, allocator);
            // a slice shares the reference count of what it was cut from: closing it releases
            // the one reference taken here
            part = taken.capacity() == n ? taken : taken.slice(0, n);
          } catch (IllegalStateException | UnsupportedOperationException e) {
            transfer = false; // the allocators share no root: wrap in place instead
          }
        }
        if (part == null && (arrow != null || !isZero(p))) {
          part = n == 0 ? allocator.getEmpty() : wrap(message, at, n, address, allocator);
        }
        wrapped.add(part); // null: zero padding, not kept
        lengths.add(n);
        at += n;
      }
      return new SegmentedBody(wrapped, lengths);
    } catch (RuntimeException | Error e) {
      for (ArrowBuf b : wrapped) {
        if (b != null) {
          b.close();
        }
      }
      throw e;
    }
  }

  private static boolean isZero(ByteBuffer p) {
    for (int i = p.position(); i < p.limit(); i++) {
      if (p.get(i) != 0) {
        return false;
      }
    }
    return true;
  }

  private static ArrowBuf wrap(ByteBuf message, int index, int length, long address, BufferAllocator allocator) {
    ByteBuf owner = message.retainedSlice(index, length);
    boolean ok = false;
    try {
      ArrowBuf buf = allocator.wrapForeignAllocation(new NettyAllocation(owner, address));
      ok = true;
      return buf;
    } finally {
      if (!ok) {
        owner.release();
      }
    }
  }

  /** A Netty buffer lent to Arrow; released when the ArrowBuf's last reference goes. */
  private static final class NettyAllocation extends ForeignAllocation {
    private final ByteBuf owner;

    /** @param address where the owner's readable bytes start in memory */
    NettyAllocation(ByteBuf owner, long address) {
      super(owner.readableBytes(), address);
      this.owner = owner;
    }

    @Override
    protected void release0() {
      owner.release();
    }
  }

  private static byte[] readBytes(ByteBuf in, int n) {
    byte[] b = new byte[n];
    in.readBytes(b);
    return b;
  }

  private static void skip(ByteBuf in, int wireType, int field) {
    switch (wireType) {
      case 0:
        readVarint(in);
        return;
      case 1:
        need(in, 8, field);
        in.skipBytes(8);
        return;
      case 5:
        need(in, 4, field);
        in.skipBytes(4);
        return;
      default:
        throw malformed("unsupported wire type " + wireType + " for field " + field);
    }
  }

  private static void need(ByteBuf in, int n, int field) {
    if (in.readableBytes() < n) {
      throw malformed("field " + field + " is truncated");
    }
  }

  private static long readVarint(ByteBuf in) {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!in.isReadable()) {
        throw malformed("truncated varint");
      }
      byte b = in.readByte();
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw malformed("varint longer than 10 bytes");
  }

  private static GrpcStatusException malformed(String what) {
    return GrpcStatusException.of(GrpcStatusCode.INTERNAL, "malformed FlightData: " + what);
  }
}
