package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlCommands;
import java.util.Arrays;

/**
 * The ticket a server may issue for a {@link StatementQuery} ({@code TicketStatementQuery}), sent
 * back in DoGet. Clients treat it as opaque and redeem it once.
 *
 * @param statementHandle the server's handle of the statement's execution; not null; copied in and out
 */
public record TicketStatementQuery(byte[] statementHandle) implements FlightSqlCommand {
  /**
   * Checks and copies the components.
   *
   * @param statementHandle the server's handle of the statement's execution; not null; copied in
   *     and out
   */
  public TicketStatementQuery {
    statementHandle = statementHandle.clone();
  }

  /**
   * The statement's handle.
   *
   * @return a copy of the bytes
   */
  @Override
  public byte[] statementHandle() {
    return statementHandle.clone();
  }

  @Override
  public byte[] toBytes() {
    return SqlCommands.encode(this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TicketStatementQuery v && Arrays.equals(statementHandle, v.statementHandle);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(statementHandle);
  }

  @Override
  public String toString() {
    return "TicketStatementQuery[statementHandle=" + Values.show(statementHandle) + "]";
  }
}
