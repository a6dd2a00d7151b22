package dev.flightwire.sql;

import dev.flightwire.FlightDataStream;
import dev.flightwire.RecordBatchStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** Metadata results the Flight SQL test services answer with; each stream owns its data. */
final class SqlResults {
  private SqlResults() {}

  /** A GetCatalogs result naming {@code catalogs}. */
  static FlightDataStream catalogs(BufferAllocator allocator, String... catalogs) {
    VectorSchemaRoot root = VectorSchemaRoot.create(FlightSqlSchemas.GET_CATALOGS, allocator);
    for (int i = 0; i < catalogs.length; i++) {
      ((VarCharVector) root.getVector(0)).setSafe(i, utf8(catalogs[i]));
    }
    root.setRowCount(catalogs.length);
    return owned(root);
  }

  /**
   * A GetTables result with one table of type TABLE (its schema included when the command asks).
   *
   * @param dbSchema the table's database schema, or null
   */
  static FlightDataStream oneTable(BufferAllocator allocator, GetTables command, String dbSchema, String table,
      Schema tableSchema) {
    VectorSchemaRoot root = VectorSchemaRoot.create(FlightSqlSchemas.of(command), allocator);
    if (dbSchema != null) {
      ((VarCharVector) root.getVector("db_schema_name")).setSafe(0, utf8(dbSchema));
    }
    ((VarCharVector) root.getVector("table_name")).setSafe(0, utf8(table));
    ((VarCharVector) root.getVector("table_type")).setSafe(0, utf8("TABLE"));
    if (command.includeSchema()) {
      ((VarBinaryVector) root.getVector("table_schema")).setSafe(0, tableSchema.serializeAsMessage());
    }
    root.setRowCount(1);
    return owned(root);
  }

  /** A stream of {@code root} as one batch that closes it when the call ends. */
  static FlightDataStream owned(VectorSchemaRoot root) {
    return new RecordBatchStream(root.getSchema(), List.of(root), null).onClose(root::close);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
