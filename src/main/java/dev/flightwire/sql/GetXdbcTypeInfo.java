package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlCommands;

/**
 * Describes the server's data types in JDBC/ODBC terms ({@code CommandGetXdbcTypeInfo}).
 * Arrow Java: {@code FlightSqlClient.getXdbcTypeInfo}.
 *
 * @param dataType only the types of this JDBC/ODBC type code ({@code XdbcDataType}, e.g. 12 for
 *     VARCHAR), or null for all of them (unset on the wire)
 */
public record GetXdbcTypeInfo(Integer dataType) implements FlightSqlCommand {
  /** A request for every data type. */
  public GetXdbcTypeInfo() {
    this(null);
  }

  @Override
  public byte[] toBytes() {
    return SqlCommands.encode(this);
  }
}
