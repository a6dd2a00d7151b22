package dev.flightwire.sql;

import java.util.Arrays;
import java.util.Objects;

/**
 * A Substrait plan ({@code SubstraitPlan}), part of {@link StatementSubstraitPlan} and
 * {@link CreatePreparedSubstraitPlanRequest}. Arrow Java: {@code FlightSqlClient.SubstraitPlan}.
 *
 * @param plan the serialized {@code substrait.Plan}; not null; copied in and out
 * @param version the Substrait release the plan was written for ("0.12.0"), which the plan does
 *     not record itself; not null ("" when unknown)
 */
public record SubstraitPlan(byte[] plan, String version) {
  /**
   * Checks and copies the components.
   *
   * @param plan the serialized {@code substrait.Plan}; not null; copied in and out
   * @param version the Substrait release the plan was written for ("0.12.0"), which the plan does
   *     not record itself; not null ("" when unknown)
   */
  public SubstraitPlan {
    plan = plan.clone();
    Objects.requireNonNull(version, "version");
  }

  /**
   * The serialized plan.
   *
   * @return a copy of the bytes
   */
  @Override
  public byte[] plan() {
    return plan.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SubstraitPlan p && Arrays.equals(plan, p.plan) && version.equals(p.version);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(plan) + version.hashCode();
  }

  @Override
  public String toString() {
    return "SubstraitPlan[plan=" + Values.show(plan) + ", version=" + version + "]";
  }
}
