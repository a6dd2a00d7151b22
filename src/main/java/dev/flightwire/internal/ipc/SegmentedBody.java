package dev.flightwire.internal.ipc;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flatbuf.Buffer;
import org.apache.arrow.flatbuf.FieldNode;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.NoCompressionCodec;
import org.apache.arrow.vector.ipc.message.ArrowBodyCompression;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * A message body that lies in several memory regions rather than one: a message passed by
 * reference in-process, whose body is the writer's Arrow buffers as they were (each followed by
 * its zero padding). Each Arrow buffer is an ArrowBuf of the receiving allocator over the same
 * memory, and the record batch's buffers are slices of them, so no body byte is copied. A buffer
 * that spans two regions or lies in padding (never written so by our encoder) is copied.
 *
 * <h3>Reference counting</h3>
 * Owns one reference of each part; {@link #close()} releases them. A batch made by
 * {@link #recordBatch} holds its own references.
 */
final class SegmentedBody implements AutoCloseable {
  private final long[] starts;
  private final ArrowBuf[] parts;
  private final long[] lengths;
  private final long length;

  /**
   * Takes ownership of {@code parts}, which lie end to end from offset 0, each {@code lengths}
   * long; a null part is zero padding, held as no memory at all.
   */
  SegmentedBody(List<ArrowBuf> parts, List<Integer> lengths) {
    this.parts = parts.toArray(new ArrowBuf[0]);
    this.starts = new long[this.parts.length];
    this.lengths = new long[this.parts.length];
    long at = 0;
    for (int i = 0; i < this.parts.length; i++) {
      starts[i] = at;
      this.lengths[i] = lengths.get(i);
      at += this.lengths[i];
    }
    this.length = at;
  }

  long length() {
    return length;
  }

  /**
   * The record batch {@code fb} describes over this body: Arrow's own deserialization, but each
   * buffer sliced from the part that holds it. The layout was checked before (lengths within
   * INT_MAX, every buffer inside the body).
   */
  ArrowRecordBatch recordBatch(RecordBatch fb, BufferAllocator allocator) {
    List<ArrowFieldNode> nodes = new ArrayList<>(fb.nodesLength());
    for (int i = 0; i < fb.nodesLength(); i++) {
      FieldNode n = fb.nodes(i);
      nodes.add(new ArrowFieldNode(n.length(), n.nullCount()));
    }
    List<ArrowBuf> buffers = new ArrayList<>(fb.buffersLength());
    List<ArrowBuf> copies = new ArrayList<>();
    try {
      for (int i = 0; i < fb.buffersLength(); i++) {
        Buffer b = fb.buffers(i);
        buffers.add(slice(b.offset(), b.length(), allocator, copies));
      }
      ArrowBodyCompression compression = fb.compression() == null ? NoCompressionCodec.DEFAULT_BODY_COMPRESSION
          : new ArrowBodyCompression(fb.compression().codec(), fb.compression().method());
      List<Long> variadic = new ArrayList<>(fb.variadicBufferCountsLength());
      for (int i = 0; i < fb.variadicBufferCountsLength(); i++) {
        variadic.add(fb.variadicBufferCounts(i));
      }
      return new ArrowRecordBatch((int) fb.length(), nodes, buffers, compression, variadic, true);
    } finally {
      for (ArrowBuf c : copies) {
        c.close(); // the batch took its own reference
      }
    }
  }

  /**
   * Bytes [offset, offset+len) of the body: a slice of the part that holds them, or a copy (added
   * to {@code copies}) when they span parts or lie in padding.
   */
  private ArrowBuf slice(long offset, long len, BufferAllocator allocator, List<ArrowBuf> copies) {
    if (len == 0) {
      return allocator.getEmpty();
    }
    int i = part(offset);
    if (parts[i] != null && offset + len <= starts[i] + lengths[i]) {
      return parts[i].slice(offset - starts[i], len);
    }
    ArrowBuf copy = allocator.buffer(len);
    copies.add(copy);
    long done = 0;
    while (done < len) {
      long at = offset + done - starts[i];
      long n = Math.min(len - done, lengths[i] - at);
      if (parts[i] != null) {
        copy.setBytes(done, parts[i], at, n);
      } else {
        copy.setZero(done, n);
      }
      done += n;
      i++;
    }
    copy.writerIndex(len);
    return copy;
  }

  /** The index of the part holding byte {@code offset}. */
  private int part(long offset) {
    int lo = 0;
    int hi = parts.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  @Override
  public void close() {
    for (ArrowBuf p : parts) {
      if (p != null) {
        p.close();
      }
    }
  }
}
