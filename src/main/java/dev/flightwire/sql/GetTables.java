package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlCommands;
import java.util.List;
import java.util.Objects;

/**
 * Lists tables ({@code CommandGetTables}); the result's columns are {@code catalog_name},
 * {@code db_schema_name}, {@code table_name}, {@code table_type} and, when asked for,
 * {@code table_schema} (each table's IPC-serialized Arrow schema). Arrow Java:
 * {@code FlightSqlClient.getTables}. In filter patterns, {@code %} matches any run of characters
 * and {@code _} any one character.
 *
 * @param catalog the catalog to search, "" for tables without one, or null not to filter by
 *     catalog (unset on the wire)
 * @param dbSchemaFilterPattern the pattern schema names must match, or null not to filter
 *     (unset on the wire)
 * @param tableNameFilterPattern the pattern table names must match, or null not to filter
 *     (unset on the wire)
 * @param tableTypes the table types to list ("TABLE", "VIEW", ...), empty for all; not null, no
 *     null element; copied (the list is unmodifiable)
 * @param includeSchema whether the result carries each table's schema
 */
public record GetTables(String catalog, String dbSchemaFilterPattern, String tableNameFilterPattern,
    List<String> tableTypes, boolean includeSchema) implements FlightSqlCommand {
  /**
   * Checks and copies the components.
   *
   * @param catalog the catalog to search, "" for tables without one, or null not to filter by
   *     catalog (unset on the wire)
   * @param dbSchemaFilterPattern the pattern schema names must match, or null not to filter (unset
   *     on the wire)
   * @param tableNameFilterPattern the pattern table names must match, or null not to filter (unset
   *     on the wire)
   * @param tableTypes the table types to list ("TABLE", "VIEW", ...), empty for all; not null, no
   *     null element; copied (the list is unmodifiable)
   * @param includeSchema whether the result carries each table's schema
   */
  public GetTables {
    tableTypes = List.copyOf(Objects.requireNonNull(tableTypes, "tableTypes"));
  }

  @Override
  public byte[] toBytes() {
    return SqlCommands.encode(this);
  }
}
