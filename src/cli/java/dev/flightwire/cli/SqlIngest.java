package dev.flightwire.cli;

import dev.flightwire.FlightAlreadyExistsError;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightNotFoundError;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.sql.StatementIngest;
import dev.flightwire.sql.TableDefinitionOptions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.duckdb.DuckDBConnection;

/**
 * Bulk ingestion ({@code CommandStatementIngest}): the uploaded batches go into a table of the
 * engine through Arrow's C data interface, created, appended to or replaced as the command's
 * options say (a missing option is refused, as the specification asks). Temporary tables are
 * refused ({@code temporary=true}: INVALID_ARGUMENT): the engine keeps a temporary table only for
 * the connection that made it, and each call runs on a connection of its own, closed when it ends,
 * so no later statement could read one.
 */
final class SqlIngest {
  private SqlIngest() {}

  /**
   * Loads the upload.
   *
   * @param c the call's connection; borrowed
   * @param allocator where the stream's structures live; borrowed
   * @param reader the upload; borrowed
   * @return the number of rows loaded
   */
  static long ingest(DuckDBConnection c, BufferAllocator allocator, StatementIngest command, FlightStreamReader reader)
      throws SQLException {
    TableDefinitionOptions options = command.tableDefinitionOptions();
    if (options == null || options.ifNotExist() == TableDefinitionOptions.TableNotExistOption.UNSPECIFIED
        || options.ifExists() == TableDefinitionOptions.TableExistsOption.UNSPECIFIED) {
      throw new FlightInvalidArgumentError("ingestion needs table definition options: what to do when the table"
          + " is missing (create or fail) and when it exists (fail, append or replace)");
    }
    if (command.temporary()) {
      throw new FlightInvalidArgumentError("ingestion with temporary=true is not supported: a temporary table would"
          + " vanish when the call ends (each call runs on a connection of its own); ingest into a table"
          + " (temporary=false) and drop it when done");
    }
    String catalog = command.catalog();
    String schema = command.schema() == null ? "main" : command.schema();
    String target = (catalog == null ? "" : SqlEngine.quote(catalog) + ".") + SqlEngine.quote(schema) + "."
        + SqlEngine.quote(command.table());
    boolean exists = exists(c, catalog, schema, command.table());
    String view = "flightwire_ingest_" + UUID.randomUUID().toString().replace("-", "");
    String sql;
    if (exists) {
      switch (options.ifExists()) {
        case APPEND:
          sql = "INSERT INTO " + target + " SELECT * FROM " + view;
          break;
        case REPLACE:
          sql = "CREATE OR REPLACE TABLE " + target + " AS SELECT * FROM " + view;
          break;
        default:
          throw new FlightAlreadyExistsError("table " + command.table() + " already exists");
      }
    } else if (options.ifNotExist() == TableDefinitionOptions.TableNotExistOption.CREATE) {
      sql = "CREATE TABLE " + target + " AS SELECT * FROM " + view;
    } else {
      throw new FlightNotFoundError("no table " + command.table());
    }
    boolean more = reader.next();
    if (!reader.hasSchema()) {
      throw new FlightInvalidArgumentError("the upload sent no schema");
    }
    for (Field f : reader.schema().getFields()) {
      if (f.getDictionary() != null) {
        throw new FlightInvalidArgumentError("dictionary-encoded columns cannot be ingested (column " + f.getName() + ")");
      }
    }
    long[] rows = {0};
    boolean[] first = {more};
    RootsReader.Next batches = () -> {
      if (first[0]) {
        first[0] = false;
      } else if (!reader.next()) {
        return null;
      }
      VectorSchemaRoot root = reader.root();
      rows[0] += root.getRowCount();
      return root;
    };
    SqlEngine.runWithStream(c, allocator, view, new RootsReader(allocator, reader.schema(), batches, null), sql);
    if (sql.startsWith("CREATE")) {
      SqlTables.keepNotNull(c, catalog, schema, command.table(), List.of(reader.schema()));
    }
    return rows[0];
  }

  private static boolean exists(DuckDBConnection c, String catalog, String schema, String table) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM information_schema.tables WHERE"
        + " table_catalog = coalesce(?, current_database()) AND table_schema = ? AND table_name = ?")) {
      s.setString(1, catalog);
      s.setString(2, schema);
      s.setString(3, table);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }
}
