package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlCommands;

/**
 * Lists the table types (TABLE, VIEW, ...) ({@code CommandGetTableTypes}); the result has one column,
 * {@code table_type}. Arrow Java: {@code FlightSqlClient.getCatalogs}.
 */
public record GetTableTypes() implements FlightSqlCommand {
  @Override
  public byte[] toBytes() {
    return SqlCommands.encode(this);
  }
}
