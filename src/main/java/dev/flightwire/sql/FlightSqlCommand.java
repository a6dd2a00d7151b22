package dev.flightwire.sql;

import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.internal.sql.SqlCommands;

/**
 * A Flight SQL command: what a client puts in a {@code FlightDescriptor}'s command for
 * GetFlightInfo, GetSchema or DoPut, or (for {@link TicketStatementQuery}) in a {@code Ticket}.
 * On the wire each is a FlightSql.proto message wrapped in a {@code google.protobuf.Any}, whose
 * type URL names the message ({@code type.googleapis.com/arrow.flight.protocol.sql.CommandStatementQuery}).
 */
public sealed interface FlightSqlCommand
    permits StatementQuery, StatementUpdate, StatementSubstraitPlan, StatementIngest,
        PreparedStatementQuery, PreparedStatementUpdate, TicketStatementQuery,
        GetSqlInfo, GetXdbcTypeInfo, GetCatalogs, GetDbSchemas, GetTables, GetTableTypes,
        GetPrimaryKeys, GetExportedKeys, GetImportedKeys, GetCrossReference {

  /**
   * The command as sent: the {@code google.protobuf.Any}-wrapped protobuf message.
   *
   * @return new bytes, owned by the caller
   */
  byte[] toBytes();

  /**
   * Reads a command from the bytes of a descriptor's command or a ticket. The type URL's message
   * name decides the command; its prefix is not checked (protobuf's rule for Any).
   *
   * @param bytes the Any-wrapped command; not null
   * @return the typed command
   * @throws FlightInvalidArgumentError when the bytes are not a {@code google.protobuf.Any}, when
   *     its type URL names no Flight SQL command (the message names the type URL received), or
   *     when the command inside is malformed
   */
  static FlightSqlCommand parse(byte[] bytes) {
    return SqlCommands.parse(bytes);
  }
}
