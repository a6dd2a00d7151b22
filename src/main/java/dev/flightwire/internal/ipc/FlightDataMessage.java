package dev.flightwire.internal.ipc;

import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.memory.ArrowBuf;

/**
 * One decoded FlightData message.
 *
 * <h3>Reference counting</h3>
 * Owns {@link #body()} (an ArrowBuf of the receiving allocator, possibly null); {@link #close()}
 * releases it. Whoever takes the body out (for example to load vectors) retains it first.
 *
 * @param descriptor serialized FlightDescriptor, or null
 * @param header the IPC Message flatbuffer, or null for a metadata-only message
 * @param appMetadata application metadata, or null
 * @param body the IPC body, or null when the message had none
 */
public record FlightDataMessage(byte[] descriptor, Message header, byte[] appMetadata, ArrowBuf body)
    implements AutoCloseable {

  public byte headerType() {
    return header == null ? 0 : header.headerType();
  }

  @Override
  public void close() {
    if (body != null) {
      body.close();
    }
  }
}
