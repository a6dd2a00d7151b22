package dev.flightwire.sql;

/** The FlightSql.proto message names of the commands, for error messages. */
final class SqlNames {
  private SqlNames() {}

  /**
   * The command's message name: {@code TicketStatementQuery}, or {@code Command} and the class
   * name ({@code CommandGetTables}, {@code CommandGetDbSchemas}, ...).
   */
  static String of(FlightSqlCommand command) {
    String simple = command.getClass().getSimpleName();
    return command instanceof TicketStatementQuery ? simple : "Command" + simple;
  }
}
