package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlCommands;

/**
 * Lists the catalogs ({@code CommandGetCatalogs}); the result has one column,
 * {@code catalog_name}. Arrow Java: {@code FlightSqlClient.getCatalogs}.
 */
public record GetCatalogs() implements FlightSqlCommand {
  @Override
  public byte[] toBytes() {
    return SqlCommands.encode(this);
  }
}
