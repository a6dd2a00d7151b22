package dev.flightwire;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One message of a data stream: a record batch, application metadata, or both.
 *
 * <p>Ownership: a chunk read from a {@link FlightStreamReader} borrows the reader's root, valid
 * until the next read. A chunk made with {@link #of} lends its root to the stream that sends it;
 * one made with {@link #owning} hands the root over, and the stream closes it once sent.
 */
public final class FlightStreamChunk implements AutoCloseable {
  private final VectorSchemaRoot data;
  private final byte[] appMetadata;
  private final boolean owned;
  private volatile boolean closed;

  private FlightStreamChunk(VectorSchemaRoot data, byte[] appMetadata, boolean owned) {
    this.data = data;
    this.appMetadata = appMetadata;
    this.owned = owned;
  }

  /** A batch (borrowed), with optional metadata. */
  public static FlightStreamChunk of(VectorSchemaRoot data, byte[] appMetadata) {
    return new FlightStreamChunk(data, appMetadata, false);
  }

  public static FlightStreamChunk of(VectorSchemaRoot data) {
    return of(data, null);
  }

  /** A batch whose root the stream takes ownership of and closes after sending. */
  public static FlightStreamChunk owning(VectorSchemaRoot data, byte[] appMetadata) {
    return new FlightStreamChunk(data, appMetadata, true);
  }

  /** A message carrying only application metadata. */
  public static FlightStreamChunk metadataOnly(byte[] appMetadata) {
    return new FlightStreamChunk(null, appMetadata, false);
  }

  /** The batch, or null for a metadata-only message. */
  public VectorSchemaRoot data() {
    return data;
  }

  /** The application metadata, or null. */
  public byte[] appMetadata() {
    return appMetadata;
  }


  @Override
  public String toString() {
    return "FlightStreamChunk<" + (data == null ? "no data" : data.getRowCount() + " rows")
        + (appMetadata == null ? "" : ", " + appMetadata.length + " bytes of metadata") + ">";
  }

  /**
   * Closes the root if this chunk owns it ({@link #owning}), for example a chunk that will not be
   * sent after all; a borrowed root is left alone. Idempotent.
   */
  @Override
  public void close() {
    if (owned && data != null && !closed) {
      closed = true;
      data.close();
    }
  }
}
