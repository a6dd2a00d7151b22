package dev.flightwire.cli;

import dev.flightwire.FlightDataStream;
import dev.flightwire.RecordBatchStream;
import dev.flightwire.sql.FlightSqlSchemas;
import dev.flightwire.sql.GetDbSchemas;
import dev.flightwire.sql.GetPrimaryKeys;
import dev.flightwire.sql.GetTables;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

/**
 * The metadata results of the SQL service (catalogs, schemas, tables, table types, keys), read
 * from the engine's {@code information_schema} and {@code duckdb_constraints()} and written in the
 * exact schemas of Flight SQL ({@link FlightSqlSchemas}). Only the database's own catalog is shown
 * (not DuckDB's {@code system} and {@code temp}). The engine's type name {@code BASE TABLE} is
 * shown as {@code TABLE}, as JDBC tools expect. Each stream returned owns its one batch.
 */
final class SqlMetadata {
  /** The table types listed by GetTableTypes: those GetTables shows (the {@code temp} catalog is never listed). */
  static final List<String> TABLE_TYPES = List.of("TABLE", "VIEW");

  private SqlMetadata() {}

  /** GetCatalogs: the database's catalog. */
  static FlightDataStream catalogs(DuckDBConnection c, BufferAllocator allocator) throws SQLException {
    return stream(FlightSqlSchemas.GET_CATALOGS, query(c, "SELECT current_database()", List.of()), allocator);
  }

  /** GetDbSchemas, filtered by catalog and schema name pattern. */
  static FlightDataStream dbSchemas(DuckDBConnection c, BufferAllocator allocator, GetDbSchemas command)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT catalog_name, schema_name FROM information_schema.schemata"
        + " WHERE catalog_name = current_database()");
    List<String> args = new ArrayList<>();
    filter(sql, args, "catalog_name", command.catalog(), false);
    filter(sql, args, "schema_name", command.dbSchemaFilterPattern(), true);
    sql.append(" ORDER BY catalog_name, schema_name");
    return stream(FlightSqlSchemas.GET_DB_SCHEMAS, query(c, sql.toString(), args), allocator);
  }

  /** GetTables, filtered; with each table's Arrow schema when asked. */
  static FlightDataStream tables(DuckDBConnection c, BufferAllocator allocator, GetTables command)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT table_catalog, table_schema, table_name,"
        + " CASE table_type WHEN 'BASE TABLE' THEN 'TABLE' ELSE table_type END AS type"
        + " FROM information_schema.tables WHERE table_catalog = current_database()");
    List<String> args = new ArrayList<>();
    filter(sql, args, "table_catalog", command.catalog(), false);
    filter(sql, args, "table_schema", command.dbSchemaFilterPattern(), true);
    filter(sql, args, "table_name", command.tableNameFilterPattern(), true);
    sql.append(" ORDER BY table_catalog, table_schema, table_name");
    List<Object[]> rows = query(c, sql.toString(), args);
    if (!command.tableTypes().isEmpty()) {
      rows.removeIf(r -> !command.tableTypes().contains((String) r[3]));
    }
    if (!command.includeSchema()) {
      return stream(FlightSqlSchemas.GET_TABLES, rows, allocator);
    }
    List<Object[]> withSchemas = new ArrayList<>();
    for (Object[] r : rows) {
      String from = SqlEngine.quote((String) r[0]) + "." + SqlEngine.quote((String) r[1]) + "."
          + SqlEngine.quote((String) r[2]);
      Schema schema;
      try (PreparedStatement s = c.prepareStatement("SELECT * FROM " + from + " LIMIT 0")) {
        schema = SqlEngine.schemaOf(s, allocator);
      }
      schema = withNotNull(schema, notNullColumns(c, (String) r[0], (String) r[1], (String) r[2]));
      withSchemas.add(new Object[] {r[0], r[1], r[2], r[3], schema.serializeAsMessage()});
    }
    return stream(FlightSqlSchemas.GET_TABLES_WITH_SCHEMA, withSchemas, allocator);
  }

  /** The columns of a table declared NOT NULL. */
  private static java.util.Set<String> notNullColumns(DuckDBConnection c, String catalog, String schema, String table)
      throws SQLException {
    java.util.Set<String> names = new java.util.HashSet<>();
    for (Object[] row : query(c, "SELECT column_name FROM information_schema.columns WHERE table_catalog = ?"
        + " AND table_schema = ? AND table_name = ? AND is_nullable = 'NO'", List.of(catalog, schema, table))) {
      names.add((String) row[0]);
    }
    return names;
  }

  /** {@code schema} with the top-level fields named in {@code notNull} made non-nullable. */
  static Schema withNotNull(Schema schema, java.util.Set<String> notNull) {
    if (notNull.isEmpty()) {
      return schema;
    }
    List<org.apache.arrow.vector.types.pojo.Field> fields = new ArrayList<>();
    for (org.apache.arrow.vector.types.pojo.Field f : schema.getFields()) {
      if (f.isNullable() && notNull.contains(f.getName())) {
        org.apache.arrow.vector.types.pojo.FieldType t = f.getFieldType();
        f = new org.apache.arrow.vector.types.pojo.Field(f.getName(),
            new org.apache.arrow.vector.types.pojo.FieldType(false, t.getType(), t.getDictionary(), t.getMetadata()),
            f.getChildren());
      }
      fields.add(f);
    }
    return new Schema(fields, schema.getCustomMetadata());
  }

  /** GetTableTypes. */
  static FlightDataStream tableTypes(BufferAllocator allocator) {
    List<Object[]> rows = new ArrayList<>();
    for (String t : TABLE_TYPES) {
      rows.add(new Object[] {t});
    }
    return stream(FlightSqlSchemas.GET_TABLE_TYPES, rows, allocator);
  }

  /** GetPrimaryKeys of one table: a row per column of its primary key. */
  static FlightDataStream primaryKeys(DuckDBConnection c, BufferAllocator allocator, GetPrimaryKeys command)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT database_name, schema_name, table_name, col, CAST(seq AS INTEGER),"
        + " constraint_name FROM (SELECT database_name, schema_name, table_name, constraint_name,"
        + " unnest(constraint_column_names) AS col, generate_subscripts(constraint_column_names, 1) AS seq"
        + " FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"
        + " AND database_name = current_database()) WHERE table_name = ?");
    List<String> args = new ArrayList<>(List.of(command.table()));
    filter(sql, args, "database_name", command.catalog(), false);
    filter(sql, args, "schema_name", command.dbSchema(), false);
    sql.append(" ORDER BY database_name, schema_name, table_name, seq");
    return stream(FlightSqlSchemas.GET_PRIMARY_KEYS, query(c, sql.toString(), args), allocator);
  }

  /** Exported and imported keys and cross references: the engine's tables have none here. */
  static FlightDataStream noKeys(BufferAllocator allocator) {
    return stream(FlightSqlSchemas.GET_KEYS, List.of(), allocator);
  }

  /** XDBC type info: none listed. */
  static FlightDataStream noTypeInfo(BufferAllocator allocator) {
    return stream(FlightSqlSchemas.GET_XDBC_TYPE_INFO, List.of(), allocator);
  }

  /**
   * Adds {@code AND column = ?}, or for a pattern {@code LIKE ? ESCAPE '\'}: {@code %} and
   * {@code _} are wildcards and a backslash escapes them, as JDBC's search strings have it (the
   * engine's LIKE has no escape character unless told); a null value filters nothing.
   */
  private static void filter(StringBuilder sql, List<String> args, String column, String value, boolean pattern) {
    if (value != null) {
      sql.append(" AND ").append(column).append(pattern ? " LIKE ? ESCAPE '\\'" : " = ?");
      args.add(value);
    }
  }

  private static List<Object[]> query(DuckDBConnection c, String sql, List<String> args) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        s.setString(i + 1, args.get(i));
      }
      try (ResultSet rs = s.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          Object[] row = new Object[n];
          for (int i = 0; i < n; i++) {
            row[i] = rs.getObject(i + 1);
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /** One batch of {@code rows} in {@code schema}, whose columns are utf8, binary, int32 or uint8. */
  private static FlightDataStream stream(Schema schema, List<Object[]> rows, BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    try {
      root.allocateNew();
      for (int r = 0; r < rows.size(); r++) {
        for (int c = 0; c < schema.getFields().size(); c++) {
          set(root.getVector(c), r, rows.get(r)[c]);
        }
      }
      root.setRowCount(rows.size());
      return new RecordBatchStream(schema, List.of(root), null).onClose(root::close);
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  private static void set(FieldVector v, int row, Object value) {
    if (value == null) {
      v.setNull(row);
    } else if (v instanceof VarCharVector s) {
      s.setSafe(row, value.toString().getBytes(StandardCharsets.UTF_8));
    } else if (v instanceof VarBinaryVector b) {
      b.setSafe(row, (byte[]) value);
    } else if (v instanceof IntVector i) {
      i.setSafe(row, ((Number) value).intValue());
    } else if (v instanceof UInt1Vector u) {
      u.setSafe(row, ((Number) value).intValue());
    } else {
      throw new IllegalStateException("no metadata column of type " + v.getField().getType());
    }
  }
}
