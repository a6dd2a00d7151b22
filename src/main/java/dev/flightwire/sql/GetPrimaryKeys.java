package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlCommands;
import java.util.Objects;

/**
 * Lists the primary key columns of a table ({@code CommandGetPrimaryKeys}); the result's columns are
 * {@code catalog_name}, {@code db_schema_name}, {@code table_name}, {@code column_name},
 * {@code key_name} and {@code key_sequence}. Arrow Java: {@code FlightSqlClient.getPrimaryKeys}.
 *
 * @param catalog the table's catalog, "" for none, or null not to filter by catalog (unset on
 *     the wire)
 * @param dbSchema the table's database schema, "" for none, or null not to filter by schema
 *     (unset on the wire)
 * @param table the table; not null
 */
public record GetPrimaryKeys(String catalog, String dbSchema, String table) implements FlightSqlCommand {
  /**
   * Checks and copies the components.
   *
   * @param catalog the table's catalog, "" for none, or null not to filter by catalog (unset on the
   *     wire)
   * @param dbSchema the table's database schema, "" for none, or null not to filter by schema
   *     (unset on the wire)
   * @param table the table; not null
   */
  public GetPrimaryKeys {
    Objects.requireNonNull(table, "table");
  }

  @Override
  public byte[] toBytes() {
    return SqlCommands.encode(this);
  }
}
