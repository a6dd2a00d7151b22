package dev.flightwire.cli;

import dev.flightwire.FlightError;
import java.sql.SQLException;
import java.util.List;

/**
 * The SQL engine's errors as Flight errors, keeping the engine's message. DuckDB starts its
 * messages with the kind of error ("Parser Error: ...", "Catalog Error: Table with name x does
 * not exist!"); the kind chooses the status: the statement's fault is INVALID_ARGUMENT (a missing
 * table NOT_FOUND, an existing one ALREADY_EXISTS), an interrupted statement CANCELLED, an
 * unsupported feature UNIMPLEMENTED, anything else INTERNAL.
 */
final class SqlErrors {
  /** gRPC codes (FlightStatusCode's numbers). */
  private static final int CANCELLED = 1;
  private static final int INVALID_ARGUMENT = 3;
  private static final int NOT_FOUND = 5;
  private static final int ALREADY_EXISTS = 6;
  private static final int UNIMPLEMENTED = 12;
  private static final int INTERNAL = 13;

  /** Kinds of error that are the statement's fault (DuckDB's exception type names). */
  private static final List<String> STATEMENT_FAULTS = List.of("Parser Error", "Binder Error", "Catalog Error",
      "Conversion Error", "Invalid Input Error", "Constraint Error", "Out of Range Error", "Dependency Error",
      "Transaction Error", "Invalid type Error", "Mismatch Type Error", "Syntax Error", "Parameter Not Resolved",
      "Parameter Not Allowed", "Values were not provided", "Sequence Error", "Permission Error");

  private SqlErrors() {}

  /** The Flight error for {@code e}, whose cause it is. */
  static FlightError of(SQLException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage().strip();
    return FlightError.fromStatus(code(message), message, null, e);
  }

  private static int code(String message) {
    if (message.startsWith("Catalog Error") && message.contains("does not exist")) {
      return NOT_FOUND;
    }
    if (message.startsWith("Catalog Error") && message.contains("already exists")) {
      return ALREADY_EXISTS;
    }
    if (message.startsWith("Not implemented Error")) {
      return UNIMPLEMENTED;
    }
    if (message.startsWith("INTERRUPT Error") || message.startsWith("Interrupt Error")) {
      return CANCELLED;
    }
    for (String kind : STATEMENT_FAULTS) {
      if (message.regionMatches(true, 0, kind, 0, kind.length())) {
        return INVALID_ARGUMENT;
      }
    }
    return INTERNAL;
  }
}
