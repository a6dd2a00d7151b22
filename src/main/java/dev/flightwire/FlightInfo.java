package dev.flightwire;

import dev.flightwire.internal.convert.Errors;
import dev.flightwire.internal.grpc.GrpcStatusException;
import dev.flightwire.internal.ipc.IpcSchema;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.table.Table;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What a service knows about a flight, as GetFlightInfo, ListFlights and PollFlightInfo return
 * it: the descriptor it answers, the schema of its data, the endpoints to fetch the data from
 * (together they hold all of it), and its size when known. Immutable; byte arrays are copied in
 * and out.
 *
 * <p>The schema travels as an encapsulated IPC Schema message; {@link #schema()} decodes it (null
 * when the service sent none) and {@link #serializedSchema()} gives the bytes as they travelled.
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

  /**
   * A FlightInfo with unknown totals (-1), not ordered, without app metadata.
   *
   * @param schema the data's schema, or null if unknown; dictionary-encoded fields in IPC
   *     (message) form, as {@link #forTable} gives them
   * @param descriptor the descriptor this info answers; not null
   * @param endpoints where to fetch the data (copied); no element may be null
   * @throws NullPointerException when {@code descriptor}, {@code endpoints} or an endpoint is null
   */
  public FlightInfo(Schema schema, FlightDescriptor descriptor, List<FlightEndpoint> endpoints) {
    this(schema, descriptor, endpoints, -1, -1, false, null);
  }

  /**
   * A FlightInfo with every field of Flight's {@code FlightInfo}.
   *
   * @param schema the data's schema, or null if unknown; dictionary-encoded fields in IPC
   *     (message) form, as {@link #forTable} gives them
   * @param descriptor the descriptor this info answers; not null
   * @param endpoints where to fetch the data (copied); no element may be null
   * @param totalRecords the number of rows, or -1 if unknown
   * @param totalBytes the size of the data in bytes, or -1 if unknown
   * @param ordered whether the data is the endpoints' streams in the order listed (see
   *     {@link #ordered()})
   * @param appMetadata application metadata for the client (copied), or null for none
   * @throws NullPointerException when {@code descriptor}, {@code endpoints} or an endpoint is null
   */
  public FlightInfo(Schema schema, FlightDescriptor descriptor, List<FlightEndpoint> endpoints, long totalRecords,
      long totalBytes, boolean ordered, byte[] appMetadata) {
    this(schema == null ? new byte[0] : IpcSchema.serialize(schema), descriptor, endpoints, totalRecords, totalBytes,
        ordered, appMetadata == null ? new byte[0] : appMetadata.clone(), true);
    this.schema = schema;
  }

  /**
   * A FlightInfo from an already encoded schema, as received from the wire. The bytes are decoded
   * only when {@link #schema()} is called.
   *
   * @param schemaBytes an encapsulated IPC Schema message (copied), or null or empty for none
   * @param descriptor the descriptor this info answers; not null
   * @param endpoints where to fetch the data (copied); no element may be null
   * @param totalRecords the number of rows, or -1 if unknown
   * @param totalBytes the size of the data in bytes, or -1 if unknown
   * @param ordered whether the data is the endpoints' streams in the order listed
   * @param appMetadata application metadata for the client (copied), or null for none
   * @throws NullPointerException when {@code descriptor}, {@code endpoints} or an endpoint is null
   */
  public FlightInfo(byte[] schemaBytes, FlightDescriptor descriptor, List<FlightEndpoint> endpoints, long totalRecords,
      long totalBytes, boolean ordered, byte[] appMetadata) {
    this(schemaBytes == null ? new byte[0] : schemaBytes.clone(), descriptor, endpoints, totalRecords, totalBytes,
        ordered, appMetadata == null ? new byte[0] : appMetadata.clone(), true);
  }

  /** Takes ownership of both arrays (not null): no copy. */
  private FlightInfo(byte[] schemaBytes, FlightDescriptor descriptor, List<FlightEndpoint> endpoints, long totalRecords,
      long totalBytes, boolean ordered, byte[] appMetadata, boolean owned) {
    this.schemaBytes = schemaBytes;
    this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
    this.endpoints = List.copyOf(endpoints);
    this.totalRecords = totalRecords;
    this.totalBytes = totalBytes;
    this.ordered = ordered;
    this.appMetadata = appMetadata;
  }

  /** A FlightInfo that takes ownership of the two arrays (as decoded from the wire; not null). */
  static FlightInfo owning(byte[] schemaBytes, FlightDescriptor descriptor, List<FlightEndpoint> endpoints,
      long totalRecords, long totalBytes, boolean ordered, byte[] appMetadata) {
    return new FlightInfo(schemaBytes, descriptor, endpoints, totalRecords, totalBytes, ordered, appMetadata, true);
  }

  /** The schema bytes themselves, for encoding: the caller must not change them. */
  byte[] schemaBytesView() {
    return schemaBytes;
  }

  /** The app metadata itself, for encoding: the caller must not change it. */
  byte[] appMetadataView() {
    return appMetadata;
  }

  /**
   * Describes a table: its schema (dictionary-encoded fields in IPC form), its row count, and its
   * size in bytes as held in memory (dictionaries not counted); not ordered, no app metadata. The
   * table is borrowed (only read, not retained).
   *
   * @param table the table to describe
   * @param descriptor the descriptor this info answers; not null
   * @param endpoints where to fetch the table (copied); no element may be null
   * @return the FlightInfo
   */
  public static FlightInfo forTable(Table table, FlightDescriptor descriptor, List<FlightEndpoint> endpoints) {
    Schema s = IpcSchema.messageFormat(table.getSchema(), table.getDictionaryProvider());
    return builder(s, descriptor, endpoints).totalRecords(table.getRowCount()).totalBytes(IpcSchema.bufferBytes(table))
        .build();
  }

  /**
   * The FlightInfo of a table kept as received: its schema as sent (metadata included), its row
   * count and the bytes of its buffers, and the given endpoints.
   *
   * @param table the table; borrowed, only read here
   * @param descriptor the descriptor of the flight
   * @param endpoints where to fetch it
   * @return the FlightInfo
   */
  public static FlightInfo forTable(ChunkedTable table, FlightDescriptor descriptor, List<FlightEndpoint> endpoints) {
    return builder(table.wireSchema(), descriptor, endpoints).totalRecords(table.rowCount())
        .totalBytes(table.bufferBytes()).build();
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
   * The schema of the flight's data, decoded on first use.
   *
   * @return the schema, or null when the service sent none; dictionary-encoded fields are in IPC
   *     (message) form
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

  /**
   * The schema as it travels on the wire.
   *
   * @return a copy of the encapsulated IPC Schema message; empty when there is no schema
   */
  public byte[] serializedSchema() {
    return schemaBytes.clone();
  }

  /**
   * The descriptor this info answers.
   *
   * @return the descriptor; never null
   */
  public FlightDescriptor descriptor() {
    return descriptor;
  }

  /**
   * Where to fetch the data; together the endpoints' streams hold all of it.
   *
   * @return the endpoints, an unmodifiable list (empty when the data is not available yet)
   */
  public List<FlightEndpoint> endpoints() {
    return endpoints;
  }

  /**
   * The number of rows of the flight.
   *
   * @return the row count, or -1 if unknown
   */
  public long totalRecords() {
    return totalRecords;
  }

  /**
   * The size of the flight's data.
   *
   * @return the size in bytes, or -1 if unknown
   */
  public long totalBytes() {
    return totalBytes;
  }

  /**
   * Whether the data is the endpoints' streams concatenated in the order listed. When false, the
   * endpoints may be read in any order, or in parallel, and rows of different endpoints have no
   * order between them.
   *
   * @return true when the endpoint order matters
   */
  public boolean ordered() {
    return ordered;
  }

  /**
   * Application metadata the service attached to the info.
   *
   * @return a copy of the metadata; empty when there is none
   */
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
