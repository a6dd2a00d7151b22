package dev.flightwire;

import dev.flightwire.internal.grpc.GrpcStatusException;
import dev.flightwire.internal.ipc.IpcSchema;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Schema;

/** The answer of GetSchema. Immutable. */
public final class SchemaResult {
  private final Schema schema;

  public SchemaResult(Schema schema) {
    this.schema = Objects.requireNonNull(schema, "schema");
  }

  /**
   * From the encapsulated IPC bytes of the wire (continuation marker optional).
   *
   * @throws FlightInternalError when the bytes are not an IPC Schema message
   */
  public static SchemaResult fromBytes(byte[] serialized) {
    try {
      return new SchemaResult(IpcSchema.parse(serialized));
    } catch (GrpcStatusException e) {
      throw Errors.toFlight(e);
    }
  }

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
