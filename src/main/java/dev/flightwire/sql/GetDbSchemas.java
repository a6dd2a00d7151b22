package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlCommands;

/**
 * Lists database schemas ({@code CommandGetDbSchemas}); the result's columns are
 * {@code catalog_name} and {@code db_schema_name}. Arrow Java: {@code FlightSqlClient.getSchemas}.
 * In filter patterns, {@code %} matches any run of characters and {@code _} any one character.
 *
 * @param catalog the catalog to search, "" for schemas without one, or null not to filter by
 *     catalog (unset on the wire)
 * @param dbSchemaFilterPattern the pattern schema names must match, or null not to filter
 *     (unset on the wire)
 */
public record GetDbSchemas(String catalog, String dbSchemaFilterPattern) implements FlightSqlCommand {
  @Override
  public byte[] toBytes() {
    return SqlCommands.encode(this);
  }
}
