package dev.flightwire.sql;

/** The server information of {@link FlightSqlServerBase#sqlInfo()} by default. */
final class DefaultSqlInfo {
  private static final String SERVER_VERSION = version(FlightSqlServerBase.class);
  private static final String ARROW_VERSION = version(org.apache.arrow.vector.VectorSchemaRoot.class);

  private DefaultSqlInfo() {}

  /**
   * A new builder holding the defaults for {@code service}, which the caller may change: read-only
   * unless the service implements an update (overrides one of the DoPut update methods), bulk
   * ingestion when it overrides {@code doPutStatementIngest}, transactions (and savepoints) when
   * it overrides {@code beginTransaction} (and {@code beginSavepoint}), cancellation when it
   * overrides {@code cancelQuery}.
   */
  static SqlInfoBuilder create(FlightSqlServerBase service) {
    Class<?> c = service.getClass();
    boolean ingest = overrides(c, "doPutStatementIngest", StatementIngest.class);
    boolean updates = ingest || overrides(c, "doPutStatementUpdate", StatementUpdate.class)
        || overrides(c, "doPutPreparedStatementUpdate", PreparedStatementUpdate.class)
        || overrides(c, "doPutSubstraitPlanUpdate", StatementSubstraitPlan.class);
    int transactions = !overrides(c, "beginTransaction", BeginTransactionRequest.class) ? SUPPORTED_TRANSACTION_NONE
        : overrides(c, "beginSavepoint", BeginSavepointRequest.class) ? SUPPORTED_TRANSACTION_SAVEPOINT
        : SUPPORTED_TRANSACTION_TRANSACTION;
    return new SqlInfoBuilder()
        .withString(SqlInfo.FLIGHT_SQL_SERVER_NAME, "flightwire")
        .withString(SqlInfo.FLIGHT_SQL_SERVER_VERSION, SERVER_VERSION)
        .withString(SqlInfo.FLIGHT_SQL_SERVER_ARROW_VERSION, ARROW_VERSION)
        .withBoolean(SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY, !updates)
        .withBoolean(SqlInfo.FLIGHT_SQL_SERVER_SQL, true)
        .withBoolean(SqlInfo.FLIGHT_SQL_SERVER_SUBSTRAIT, false)
        .withInt32Bitmask(SqlInfo.FLIGHT_SQL_SERVER_TRANSACTION, transactions)
        .withBoolean(SqlInfo.FLIGHT_SQL_SERVER_CANCEL, overrides(c, "cancelQuery", CancelQueryRequest.class))
        .withBoolean(SqlInfo.FLIGHT_SQL_SERVER_BULK_INGESTION, ingest);
  }

  // SqlSupportedTransaction (FlightSql.proto)
  private static final int SUPPORTED_TRANSACTION_NONE = 0;
  private static final int SUPPORTED_TRANSACTION_TRANSACTION = 1;
  private static final int SUPPORTED_TRANSACTION_SAVEPOINT = 2;

  /** Whether {@code c} or a superclass below FlightSqlServerBase declares {@code name(context, param, ...)}. */
  private static boolean overrides(Class<?> c, String name, Class<?> param) {
    for (Class<?> k = c; k != null && k != FlightSqlServerBase.class; k = k.getSuperclass()) {
      for (java.lang.reflect.Method m : k.getDeclaredMethods()) {
        Class<?>[] p = m.getParameterTypes();
        if (m.getName().equals(name) && p.length >= 2 && p[1] == param) {
          return true;
        }
      }
    }
    return false;
  }

  /** The Implementation-Version of the jar holding {@code c}, or "unknown" outside a jar. */
  private static String version(Class<?> c) {
    String v = c.getPackage() == null ? null : c.getPackage().getImplementationVersion();
    return v == null ? "unknown" : v;
  }
}
