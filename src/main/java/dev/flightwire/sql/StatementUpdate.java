package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlCommands;
import java.util.Arrays;
import java.util.Objects;

/**
 * A SQL update ({@code CommandStatementUpdate}) that DoPut runs; the server answers with a
 * {@link DoPutUpdateResult}. Arrow Java: {@code FlightSqlClient.executeUpdate}.
 *
 * @param query the SQL text; not null
 * @param transactionId the transaction to run in, or null to auto-commit (unset on the wire);
 *     copied in and out
 */
public record StatementUpdate(String query, byte[] transactionId) implements FlightSqlCommand {
  /**
   * Checks and copies the components.
   *
   * @param query the SQL text; not null
   * @param transactionId the transaction to run in, or null to auto-commit (unset on the wire);
   *     copied in and out
   */
  public StatementUpdate {
    Objects.requireNonNull(query, "query");
    transactionId = Values.copy(transactionId);
  }

  /**
   * An update that auto-commits.
   *
   * @param query the SQL text; not null
   */
  public StatementUpdate(String query) {
    this(query, null);
  }

  /**
   * The transaction the update runs in.
   *
   * @return a copy of its id, or null when the update auto-commits
   */
  @Override
  public byte[] transactionId() {
    return Values.copy(transactionId);
  }

  @Override
  public byte[] toBytes() {
    return SqlCommands.encode(this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StatementUpdate q && query.equals(q.query)
        && Arrays.equals(transactionId, q.transactionId);
  }

  @Override
  public int hashCode() {
    return 31 * query.hashCode() + Arrays.hashCode(transactionId);
  }

  @Override
  public String toString() {
    return "StatementUpdate[query=" + query + ", transactionId=" + Values.show(transactionId) + "]";
  }
}
