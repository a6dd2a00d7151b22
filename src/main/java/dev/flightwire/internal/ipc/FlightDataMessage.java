package dev.flightwire.internal.ipc;

import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.memory.ArrowBuf;

/**
 * One decoded FlightData message.
 *
 * <h3>Reference counting</h3>
 * Owns {@link #body()} (an ArrowBuf of the receiving allocator, possibly null) or, for a body
 * passed by reference in pieces, {@link #segments()}; {@link #close()} releases them. Whoever
 * takes the body out (for example to load vectors) retains it first.
 *
 * @param descriptor serialized FlightDescriptor, or null
 * @param header the IPC Message flatbuffer, or null for a metadata-only message
 * @param appMetadata application metadata, or null
 * @param body the IPC body, or null when the message had none (or it is in {@code segments})
 * @param segments the IPC body as several wrapped regions (in-process), or null
 */
public record FlightDataMessage(byte[] descriptor, Message header, byte[] appMetadata, ArrowBuf body,
    SegmentedBody segments) implements AutoCloseable {

  public FlightDataMessage(byte[] descriptor, Message header, byte[] appMetadata, ArrowBuf body) {
    this(descriptor, header, appMetadata, body, null);
  }

  /** Bytes of the body, 0 without one. */
  public long bodyLength() {
    return segments != null ? segments.length() : body == null ? 0 : body.capacity();
  }

  public byte headerType() {
    return header == null ? 0 : header.headerType();
  }

  @Override
  public void close() {
    if (body != null) {
      body.close();
    }
    if (segments != null) {
      segments.close();
    }
  }
}
