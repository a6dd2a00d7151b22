package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlCommands;
import java.util.Objects;

/**
 * Lists the foreign keys that reference a table's primary key ({@code CommandGetExportedKeys}); the
 * result's columns are
 * {@code pk_catalog_name}, {@code pk_db_schema_name}, {@code pk_table_name}, {@code pk_column_name},
 * {@code fk_catalog_name}, {@code fk_db_schema_name}, {@code fk_table_name}, {@code fk_column_name},
 * {@code key_sequence}, {@code fk_key_name}, {@code pk_key_name}, {@code update_rule} and
 * {@code delete_rule}. Arrow Java: {@code FlightSqlClient.getExportedKeys}.
 *
 * @param catalog the table's catalog, "" for none, or null not to filter by catalog (unset on
 *     the wire)
 * @param dbSchema the table's database schema, "" for none, or null not to filter by schema
 *     (unset on the wire)
 * @param table the table whose primary key is referenced; not null
 */
public record GetExportedKeys(String catalog, String dbSchema, String table) implements FlightSqlCommand {
  /**
   * Checks and copies the components.
   *
   * @param catalog the table's catalog, "" for none, or null not to filter by catalog (unset on the
   *     wire)
   * @param dbSchema the table's database schema, "" for none, or null not to filter by schema
   *     (unset on the wire)
   * @param table the table whose primary key is referenced; not null
   */
  public GetExportedKeys {
    Objects.requireNonNull(table, "table");
  }

  @Override
  public byte[] toBytes() {
    return SqlCommands.encode(this);
  }
}
