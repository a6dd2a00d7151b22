package dev.flightwire.internal.ipc;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;

/**
 * A composite whose components include Arrow body buffers wrapped in place. Each wrapped ArrowBuf
 * is retained when added and released when this composite is deallocated, that is, when Netty has
 * written (or dropped) every byte. So the Arrow memory outlives the write even if the producer
 * closes its vectors right after handing the message over.
 *
 * <p>The component limit is unbounded on purpose: a composite that reaches Netty's default limit
 * is consolidated, which is a full memcpy of the body (apache/arrow GH-40039).
 */
final class ArrowBodyComposite extends CompositeByteBuf {
  private final List<ArrowBuf> held = new ArrayList<>();
  /** The held buffers by memory address, for {@link #arrowAt}; null until first needed. */
  private java.util.Map<Long, ArrowBuf> byAddress;

  ArrowBodyComposite(ByteBufAllocator alloc) {
    super(alloc, true, Integer.MAX_VALUE);
  }

  /** Appends {@code length} bytes of {@code buf} (borrowed; retained here) without copying. */
  void addArrow(ArrowBuf buf, long length) {
    if (length == 0) {
      return;
    }
    buf.getReferenceManager().retain();
    held.add(buf);
    addComponent(true, Unpooled.wrappedBuffer(buf.nioBuffer(0, Math.toIntExact(length))));
  }

  /**
   * The Arrow buffer added here whose memory starts at {@code address} and holds at least
   * {@code length} bytes, or null (the bytes there are not Arrow memory: header or padding).
   * Borrowed: valid while this composite is.
   */
  ArrowBuf arrowAt(long address, int length) {
    if (byAddress == null) { // built on first use: only messages read in-process need it
      byAddress = new java.util.HashMap<>(held.size() * 2);
      for (ArrowBuf b : held) {
        byAddress.putIfAbsent(b.memoryAddress(), b);
      }
    }
    ArrowBuf b = byAddress.get(address);
    return b != null && b.capacity() >= length ? b : null;
  }

  @Override
  protected void deallocate() {
    try {
      super.deallocate();
    } finally {
      for (ArrowBuf b : held) {
        b.getReferenceManager().release();
      }
      held.clear();
    }
  }
}
