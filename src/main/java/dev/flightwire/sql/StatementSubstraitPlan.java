package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlCommands;
import java.util.Arrays;
import java.util.Objects;

/**
 * A Substrait plan to run ({@code CommandStatementSubstraitPlan}): GetFlightInfo runs it as a
 * query, GetSchema describes its result, DoPut runs it as an update. Arrow Java:
 * {@code FlightSqlClient.executeSubstrait}.
 *
 * @param plan the plan; not null
 * @param transactionId the transaction to run in, or null to auto-commit (unset on the wire);
 *     copied in and out
 */
public record StatementSubstraitPlan(SubstraitPlan plan, byte[] transactionId) implements FlightSqlCommand {
  /**
   * Checks and copies the components.
   *
   * @param plan the plan; not null
   * @param transactionId the transaction to run in, or null to auto-commit (unset on the wire);
   *     copied in and out
   */
  public StatementSubstraitPlan {
    Objects.requireNonNull(plan, "plan");
    transactionId = Values.copy(transactionId);
  }

  /**
   * The transaction the plan runs in.
   *
   * @return a copy of its id, or null when the plan auto-commits
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
    return o instanceof StatementSubstraitPlan s && plan.equals(s.plan)
        && Arrays.equals(transactionId, s.transactionId);
  }

  @Override
  public int hashCode() {
    return 31 * plan.hashCode() + Arrays.hashCode(transactionId);
  }

  @Override
  public String toString() {
    return "StatementSubstraitPlan[plan=" + plan + ", transactionId=" + Values.show(transactionId) + "]";
  }
}
