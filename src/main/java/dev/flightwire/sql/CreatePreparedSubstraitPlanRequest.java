package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlActionMessages;
import java.util.Arrays;
import java.util.Objects;

/**
 * The body of the {@value FlightSqlActions#CREATE_PREPARED_SUBSTRAIT_PLAN} action
 * ({@code ActionCreatePreparedSubstraitPlanRequest}); the server answers with a
 * {@link CreatePreparedStatementResult}. Arrow Java: {@code FlightSqlClient.prepare(SubstraitPlan)}.
 *
 * @param plan the plan to prepare; not null
 * @param transactionId the transaction its executions run in, or null to auto-commit them (unset
 *     on the wire); copied in and out
 */
public record CreatePreparedSubstraitPlanRequest(SubstraitPlan plan, byte[] transactionId) {
  /**
   * Checks and copies the components.
   *
   * @param plan the plan to prepare; not null
   * @param transactionId the transaction its executions run in, or null to auto-commit them (unset
   *     on the wire); copied in and out
   */
  public CreatePreparedSubstraitPlanRequest {
    Objects.requireNonNull(plan, "plan");
    transactionId = Values.copy(transactionId);
  }

  /**
   * The transaction the statement's executions run in.
   *
   * @return a copy of its id, or null when they auto-commit
   */
  @Override
  public byte[] transactionId() {
    return Values.copy(transactionId);
  }

  /**
   * The action body as sent: the {@code google.protobuf.Any}-wrapped protobuf message.
   *
   * @return new bytes, owned by the caller
   */
  public byte[] toBytes() {
    return SqlActionMessages.encode(this);
  }

  /**
   * Reads an action body.
   *
   * @param bytes the Any-wrapped {@code ActionCreatePreparedSubstraitPlanRequest}; not null
   * @return the request
   * @throws dev.flightwire.FlightInvalidArgumentError when the bytes are not that message (the
   *     message names the type URL received) or are malformed
   */
  public static CreatePreparedSubstraitPlanRequest parse(byte[] bytes) {
    return SqlActionMessages.parseCreatePreparedSubstraitPlanRequest(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CreatePreparedSubstraitPlanRequest r && plan.equals(r.plan)
        && Arrays.equals(transactionId, r.transactionId);
  }

  @Override
  public int hashCode() {
    return 31 * plan.hashCode() + Arrays.hashCode(transactionId);
  }

  @Override
  public String toString() {
    return "CreatePreparedSubstraitPlanRequest[plan=" + plan + ", transactionId=" + Values.show(transactionId) + "]";
  }
}
