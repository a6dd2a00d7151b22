package dev.flightwire.sql;

/**
 * The action types of Flight SQL: the {@code type} of a DoAction {@code Action} whose body is the
 * matching request's {@code toBytes()}. Arrow Java: {@code FlightSqlUtils.FLIGHT_SQL_*}.
 */
public final class FlightSqlActions {
  /** Body {@link CreatePreparedStatementRequest}; one result, {@link CreatePreparedStatementResult}. */
  public static final String CREATE_PREPARED_STATEMENT = "CreatePreparedStatement";
  /** Body {@link ClosePreparedStatementRequest}; no result. */
  public static final String CLOSE_PREPARED_STATEMENT = "ClosePreparedStatement";
  /** Body {@link CreatePreparedSubstraitPlanRequest}; one result, {@link CreatePreparedStatementResult}. */
  public static final String CREATE_PREPARED_SUBSTRAIT_PLAN = "CreatePreparedSubstraitPlan";
  /** Body {@link BeginTransactionRequest}; one result, {@link BeginTransactionResult}. */
  public static final String BEGIN_TRANSACTION = "BeginTransaction";
  /** Body {@link BeginSavepointRequest}; one result, {@link BeginSavepointResult}. */
  public static final String BEGIN_SAVEPOINT = "BeginSavepoint";
  /** Body {@link EndTransactionRequest}; no result. */
  public static final String END_TRANSACTION = "EndTransaction";
  /** Body {@link EndSavepointRequest}; no result. */
  public static final String END_SAVEPOINT = "EndSavepoint";
  /**
   * Body {@link CancelQueryRequest}; one result, {@link CancelQueryResult}. Deprecated by the
   * protocol in favour of Flight's CancelFlightInfo, still answered by some servers.
   */
  public static final String CANCEL_QUERY = "CancelQuery";

  private FlightSqlActions() {}
}
