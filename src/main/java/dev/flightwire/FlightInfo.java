package dev.flightwire;

import dev.flightwire.internal.grpc.GrpcStatusException;
import dev.flightwire.internal.ipc.IpcSchema;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.table.Table;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What a service knows about a flight: its schema, where to fetch it, and its size. Immutable.
 *
 * <p>The schema travels as an encapsulated IPC Schema message; {@link #schema()} decodes it (null
 * when the service sent none).
 */
public final class FlightInfo {
  private final byte[] schemaBytes;
  private final FlightDescriptor descriptor;
  private final List<FlightEndpoint> endpoints;
  private final long totalRecords;
  private final long totalBytes;
  private final boolean ordered;
  private final byte[] appMetadata;
  private volatile Schema schema;

  /** A FlightInfo with unknown totals (-1), not ordered, without app metadata. */
  public FlightInfo(Schema schema, FlightDescriptor descriptor, List<FlightEndpoint> endpoints) {
    this(schema, descriptor, endpoints, -1, -1, false, null);
  }

  /**
   * @param schema the data's schema, or null if unknown
   * @param totalRecords -1 if unknown
   * @param totalBytes -1 if unknown
   * @param appMetadata or null
   */
  public FlightInfo(Schema schema, FlightDescriptor descriptor, List<FlightEndpoint> endpoints, long totalRecords,
      long totalBytes, boolean ordered, byte[] appMetadata) {
    this(schema == null ? new byte[0] : IpcSchema.serialize(schema), descriptor, endpoints, totalRecords, totalBytes,
        ordered, appMetadata);
    this.schema = schema;
  }

  /** From an already encoded schema (as received from the wire). */
  public FlightInfo(byte[] schemaBytes, FlightDescriptor descriptor, List<FlightEndpoint> endpoints, long totalRecords,
      long totalBytes, boolean ordered, byte[] appMetadata) {
    this.schemaBytes = schemaBytes == null ? new byte[0] : schemaBytes.clone();
    this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
    this.endpoints = List.copyOf(endpoints);
    this.totalRecords = totalRecords;
    this.totalBytes = totalBytes;
    this.ordered = ordered;
    this.appMetadata = appMetadata == null ? new byte[0] : appMetadata.clone();
  }

  /**
   * Describes a table: its schema (dictionary fields in IPC form), its row count, and its size in
   * bytes as held in memory. The table is only read.
   */
  public static FlightInfo forTable(Table table, FlightDescriptor descriptor, List<FlightEndpoint> endpoints) {
    Schema s = IpcSchema.messageFormat(table.getSchema(), table.getDictionaryProvider());
    return builder(s, descriptor, endpoints).totalRecords(table.getRowCount()).totalBytes(IpcSchema.bufferBytes(table))
        .build();
  }

  /**
   * A builder of a FlightInfo; the optional fields default as in
   * {@link #FlightInfo(Schema, FlightDescriptor, List)}.
   *
   * @param schema the data's schema, or null if unknown
   * @param descriptor the flight's descriptor
   * @param endpoints where to fetch the data (copied)
   * @return a new builder
   */
  public static Builder builder(Schema schema, FlightDescriptor descriptor, List<FlightEndpoint> endpoints) {
    return new Builder(schema, descriptor, endpoints);
  }

  /** Builder of {@link FlightInfo}: the optional fields by name instead of by position. */
  public static final class Builder {
    private final Schema schema;
    private final FlightDescriptor descriptor;
    private final List<FlightEndpoint> endpoints;
    private long totalRecords = -1;
    private long totalBytes = -1;
    private boolean ordered;
    private byte[] appMetadata;

    private Builder(Schema schema, FlightDescriptor descriptor, List<FlightEndpoint> endpoints) {
      this.schema = schema;
      this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
      this.endpoints = List.copyOf(endpoints);
    }

    /**
     * Sets the number of rows.
     *
     * @param records the number of rows, or -1 (the default) if unknown
     * @return this builder
     */
    public Builder totalRecords(long records) {
      this.totalRecords = records;
      return this;
    }

    /**
     * Sets the size of the data.
     *
     * @param bytes the size in bytes, or -1 (the default) if unknown
     * @return this builder
     */
    public Builder totalBytes(long bytes) {
      this.totalBytes = bytes;
      return this;
    }

    /**
     * Sets whether the endpoints must be read in order.
     *
     * @param ordered true when the data is the endpoints' streams in their order; default false
     * @return this builder
     */
    public Builder ordered(boolean ordered) {
      this.ordered = ordered;
      return this;
    }

    /**
     * Sets the application metadata.
     *
     * @param appMetadata the metadata (copied), or null for none (the default)
     * @return this builder
     */
    public Builder appMetadata(byte[] appMetadata) {
      this.appMetadata = appMetadata == null ? null : appMetadata.clone();
      return this;
    }

    /**
     * Builds the FlightInfo (the schema is encoded now).
     *
     * @return the FlightInfo
     */
    public FlightInfo build() {
      return new FlightInfo(schema, descriptor, endpoints, totalRecords, totalBytes, ordered, appMetadata);
    }
  }

  /**
   * The decoded schema, or null when none was given.
   *
   * @throws FlightInternalError when the service sent bytes that are not an IPC Schema message
   */
  public Schema schema() {
    Schema s = schema;
    if (s == null && schemaBytes.length > 0) {
      try {
        s = IpcSchema.parse(schemaBytes);
      } catch (GrpcStatusException e) {
        throw Errors.toFlight(e);
      }
      schema = s;
    }
    return s;
  }

  /** The encapsulated IPC schema as sent on the wire (a copy). */
  public byte[] serializedSchema() {
    return schemaBytes.clone();
  }

  public FlightDescriptor descriptor() {
    return descriptor;
  }

  public List<FlightEndpoint> endpoints() {
    return endpoints;
  }

  public long totalRecords() {
    return totalRecords;
  }

  public long totalBytes() {
    return totalBytes;
  }

  /** Whether the endpoints must be read in order. */
  public boolean ordered() {
    return ordered;
  }

  public byte[] appMetadata() {
    return appMetadata.clone();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FlightInfo)) {
      return false;
    }
    FlightInfo i = (FlightInfo) o;
    return Arrays.equals(schemaBytes, i.schemaBytes) && descriptor.equals(i.descriptor) && endpoints.equals(i.endpoints)
        && totalRecords == i.totalRecords && totalBytes == i.totalBytes && ordered == i.ordered
        && Arrays.equals(appMetadata, i.appMetadata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(descriptor, endpoints, totalRecords, totalBytes, ordered);
  }

  @Override
  public String toString() {
    return "FlightInfo<descriptor=" + descriptor + ", endpoints=" + endpoints + ", records=" + totalRecords
        + ", bytes=" + totalBytes + (ordered ? ", ordered" : "") + ">";
  }
}
