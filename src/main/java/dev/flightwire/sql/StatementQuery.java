package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlCommands;
import java.util.Arrays;
import java.util.Objects;

/**
 * A SQL query ({@code CommandStatementQuery}): GetFlightInfo runs it, GetSchema describes its
 * result. Arrow Java: {@code FlightSqlClient.execute}.
 *
 * @param query the SQL text; not null
 * @param transactionId the transaction to run in, or null to auto-commit (unset on the wire);
 *     copied in and out
 */
public record StatementQuery(String query, byte[] transactionId) implements FlightSqlCommand {
  /**
   * Checks and copies the components.
   *
   * @param query the SQL text; not null
   * @param transactionId the transaction to run in, or null to auto-commit (unset on the wire);
   *     copied in and out
   */
  public StatementQuery {
    Objects.requireNonNull(query, "query");
    transactionId = Values.copy(transactionId);
  }

  /**
   * A query that auto-commits.
   *
   * @param query the SQL text; not null
   */
  public StatementQuery(String query) {
    this(query, null);
  }

  /**
   * The transaction the query runs in.
   *
   * @return a copy of its id, or null when the query auto-commits
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
    return o instanceof StatementQuery q && query.equals(q.query)
        && Arrays.equals(transactionId, q.transactionId);
  }

  @Override
  public int hashCode() {
    return 31 * query.hashCode() + Arrays.hashCode(transactionId);
  }

  @Override
  public String toString() {
    return "StatementQuery[query=" + query + ", transactionId=" + Values.show(transactionId) + "]";
  }
}
