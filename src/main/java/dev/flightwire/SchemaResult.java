package dev.flightwire;

import dev.flightwire.internal.convert.Errors;
import dev.flightwire.internal.grpc.GrpcStatusException;
import dev.flightwire.internal.ipc.IpcSchema;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The answer of GetSchema: the schema of a flight, without its endpoints. On the wire the schema
 * is an encapsulated IPC Schema message; this class holds it decoded. Immutable.
 */
public final class SchemaResult {
  private final Schema schema;

  /**
   * A result holding {@code schema}. Give dictionary-encoded fields in IPC (message) form, with
   * the dictionary's value type, as other Flight implementations expect (Arrow's
   * {@code DictionaryUtility.toMessageFormat} converts an in-memory field).
   *
   * @param schema the schema; not null
   * @throws NullPointerException when {@code schema} is null
   */
  public SchemaResult(Schema schema) {
    this.schema = Objects.requireNonNull(schema, "schema");
  }

  /**
   * Decodes the schema bytes of the wire: an encapsulated IPC Schema message, with or without the
   * continuation marker ({@code 0xFFFFFFFF}) that older writers leave out.
   *
   * @param serialized the encapsulated message
   * @return the decoded result
   * @throws FlightInternalError when the bytes are not an IPC Schema message
   */
  public static SchemaResult fromBytes(byte[] serialized) {
    try {
      return new SchemaResult(IpcSchema.parse(serialized));
    } catch (GrpcStatusException e) {
      throw Errors.toFlight(e);
    }
  }

  /**
   * The schema.
   *
   * @return the schema; never null
   */
  public Schema schema() {
    return schema;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SchemaResult && schema.equals(((SchemaResult) o).schema);
  }

  @Override
  public int hashCode() {
    return schema.hashCode();
  }

  @Override
  public String toString() {
    return "SchemaResult<" + schema + ">";
  }
}
