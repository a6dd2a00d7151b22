package dev.flightwire.internal.ipc;

import com.google.protobuf.CodedOutputStream;
import dev.flightwire.internal.grpc.GrpcFraming;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.ipc.message.ArrowBuffer;
import org.apache.arrow.vector.ipc.message.ArrowDictionaryBatch;
import org.apache.arrow.vector.ipc.message.ArrowMessage;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Encodes FlightData messages, gRPC prefix included, without copying Arrow body bytes.
 *
 * <pre>
 * header buffer (exactly sized, pooled):
 *   00 | len(4, BE)                       gRPC prefix
 *   0A varint descriptor                  field 1, optional
 *   12 varint flatbuffer Message          field 2 (data_header), absent for metadata-only
 *   1A varint app_metadata                field 3, optional
 *   C2 3E varint bodyLength               field 1000, only with a body
 * then for each body buffer: the ArrowBuf wrapped in place, then 0-7 shared zero bytes so the
 * next buffer starts at the offset the flatbuffer declares (8-byte aligned).
 * </pre>
 *
 * A small record batch may instead be copied whole into the header buffer
 * ({@link #recordBatch(ArrowRecordBatch, byte[], byte[], int)}).
 *
 * <h3>Reference counting</h3>
 * Every method returns an owned ByteBuf (the caller releases it, normally by writing it). Batches
 * passed in are borrowed: their buffers are retained by the returned message for as long as it
 * lives.
 */
public final class FlightDataEncoder {
  private static final int TAG_DESCRIPTOR = 0x0A;
  private static final int TAG_HEADER = 0x12;
  private static final int TAG_APP_METADATA = 0x1A;
  private static final int TAG_BODY = (1000 << 3) | 2;
  private static final ByteBuf ZEROS = Unpooled.unreleasableBuffer(
      Unpooled.directBuffer(8).writeZero(8).asReadOnly());

  private final ByteBufAllocator alloc;
  private final IpcOption option;

  public FlightDataEncoder(ByteBufAllocator alloc, IpcOption option) {
    this.alloc = alloc;
    this.option = option;
  }

  /** A Schema message, optionally with the descriptor (the first message of DoPut/DoExchange). */
  public ByteBuf schema(Schema schema, byte[] descriptor, byte[] appMetadata) {
    ByteBuffer header = MessageSerializer.serializeMetadata(schema, option);
    return encode(descriptor, header, appMetadata, null, 0);
  }

  /** A RecordBatch message; {@code batch} is borrowed. */
  public ByteBuf recordBatch(ArrowRecordBatch batch, byte[] descriptor, byte[] appMetadata) {
    return recordBatch(batch, descriptor, appMetadata, 0);
  }

  /**
   * A RecordBatch message; {@code batch} is borrowed. A message of at most {@code copyBelow}
   * bytes (gRPC prefix included) is returned as one buffer with the body copied into it, holding
   * no Arrow memory; a larger one references the batch's buffers as {@link #recordBatch} does.
   */
  public ByteBuf recordBatch(ArrowRecordBatch batch, byte[] descriptor, byte[] appMetadata, int copyBelow) {
    return encode(descriptor, MessageSerializer.serializeMetadata(batch, option), appMetadata, batch, copyBelow);
  }

  /** A DictionaryBatch message; {@code batch} is borrowed. */
  public ByteBuf dictionaryBatch(ArrowDictionaryBatch batch) {
    return encode(null, MessageSerializer.serializeMetadata((ArrowMessage) batch, option), null,
        batch.getDictionary(), 0);
  }

  /** A metadata-only message (no data_header, no body). */
  public ByteBuf metadataOnly(byte[] appMetadata, byte[] descriptor) {
    return encode(descriptor, null, appMetadata, null, 0);
  }

  private ByteBuf encode(byte[] descriptor, ByteBuffer header, byte[] appMetadata, ArrowRecordBatch body,
      int copyBelow) {
    long bodyLength = body == null ? 0 : body.computeBodyLength();
    if (bodyLength > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("record batch body of " + bodyLength
          + " bytes exceeds the 2 GiB gRPC message limit: write smaller batches");
    }
    int protoLength = 0;
    if (descriptor != null) {
      protoLength += 1 + CodedOutputStream.computeUInt32SizeNoTag(descriptor.length) + descriptor.length;
    }
    if (header != null) {
      protoLength += 1 + CodedOutputStream.computeUInt32SizeNoTag(header.remaining()) + header.remaining();
    }
    if (appMetadata != null && appMetadata.length > 0) {
      protoLength += 1 + CodedOutputStream.computeUInt32SizeNoTag(appMetadata.length) + appMetadata.length;
    }
    int headerOnly = protoLength;
    if (body != null) {
      long total = (long) protoLength + 2 + CodedOutputStream.computeUInt32SizeNoTag((int) bodyLength) + bodyLength;
      if (total > Integer.MAX_VALUE - PREFIX_LENGTH) {
        throw new IllegalArgumentException("record batch message of " + total
            + " bytes exceeds the 2 GiB gRPC message limit: write smaller batches");
      }
      protoLength = (int) total;
    }
    int headerBufferSize = PREFIX_LENGTH + headerOnly
        + (body == null ? 0 : 2 + CodedOutputStream.computeUInt32SizeNoTag((int) bodyLength));
    boolean copy = body != null && (long) PREFIX_LENGTH + protoLength <= copyBelow;
    int capacity = copy ? PREFIX_LENGTH + protoLength : headerBufferSize;
    ByteBuf head = alloc.directBuffer(capacity, capacity);
    boolean handedOff = false;
    try {
      GrpcFraming.writePrefix(head, protoLength);
      if (descriptor != null) {
        head.writeByte(TAG_DESCRIPTOR);
        writeVarint(head, descriptor.length);
        head.writeBytes(descriptor);
      }
      if (header != null) {
        head.writeByte(TAG_HEADER);
        writeVarint(head, header.remaining());
        head.writeBytes(header.duplicate());
      }
      if (appMetadata != null && appMetadata.length > 0) {
        head.writeByte(TAG_APP_METADATA);
        writeVarint(head, appMetadata.length);
        head.writeBytes(appMetadata);
      }
      if (body == null) {
        handedOff = true;
        return head;
      }
      writeVarint(head, TAG_BODY);
      writeVarint(head, (int) bodyLength);
      if (copy) {
        copyBody(head, body, bodyLength);
        handedOff = true;
        return head;
      }
      ArrowBodyComposite out = new ArrowBodyComposite(alloc);
      out.addComponent(true, head);
      handedOff = true;
      appendBody(out, body, bodyLength);
      return out;
    } finally {
      if (!handedOff) {
        head.release();
      }
    }
  }

  private static final int PREFIX_LENGTH = 5;

  private static void appendBody(ArrowBodyComposite out, ArrowRecordBatch body, long bodyLength) {
    boolean ok = false;
    try {
      List<ArrowBuf> buffers = body.getBuffers();
      List<ArrowBuffer> layout = body.getBuffersLayout();
      long written = 0;
      for (int i = 0; i < buffers.size(); i++) {
        ArrowBuffer slot = layout.get(i);
        pad(out, slot.getOffset() - written);
        ArrowBuf buf = buffers.get(i);
        out.addArrow(buf, slot.getSize());
        written = slot.getOffset() + slot.getSize();
      }
      pad(out, bodyLength - written);
      ok = true;
    } finally {
      if (!ok) {
        out.release();
      }
    }
  }

  /** Copies the body, padding included, after the header in {@code out}. */
  private static void copyBody(ByteBuf out, ArrowRecordBatch body, long bodyLength) {
    List<ArrowBuf> buffers = body.getBuffers();
    List<ArrowBuffer> layout = body.getBuffersLayout();
    int start = out.writerIndex();
    for (int i = 0; i < buffers.size(); i++) {
      ArrowBuffer slot = layout.get(i);
      out.writeZero((int) (start + slot.getOffset() - out.writerIndex()));
      int size = (int) slot.getSize();
      if (size == 0) {
        continue;
      }
      ArrowBuf buf = buffers.get(i);
      if (out.hasMemoryAddress()) {
        MemoryUtil.copyMemory(buf.memoryAddress(), out.memoryAddress() + out.writerIndex(), size);
        out.writerIndex(out.writerIndex() + size);
      } else {
        out.writeBytes(buf.nioBuffer(0, size));
      }
    }
    out.writeZero((int) (start + bodyLength - out.writerIndex()));
  }

  private static void pad(ArrowBodyComposite out, long n) {
    while (n > 0) {
      int k = (int) Math.min(n, 8);
      out.addComponent(true, ZEROS.retainedSlice(0, k));
      n -= k;
    }
  }

  private static void writeVarint(ByteBuf out, int value) {
    while ((value & ~0x7F) != 0) {
      out.writeByte((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.writeByte(value);
  }
}
