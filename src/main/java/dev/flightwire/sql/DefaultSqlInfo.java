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
   * overrides {@code cancelQuery}, Substrait when it overrides {@code getFlightInfoSubstraitPlan}.
   */
  static SqlInfoBuilder create(FlightSqlServerBase service) {
    Capabilities c = CAPABILITIES.get(service.getClass());
    return new SqlInfoBuilder()
        .withString(SqlInfo.FLIGHT_SQL_SERVER_NAME, "flightwire")
        .withString(SqlInfo.FLIGHT_SQL_SERVER_VERSION, SERVER_VERSION)
        .withString(SqlInfo.FLIGHT_SQL_SERVER_ARROW_VERSION, ARROW_VERSION)
        .withBoolean(SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY, !c.updates)
        .withBoolean(SqlInfo.FLIGHT_SQL_SERVER_SQL, true)
        .withBoolean(SqlInfo.FLIGHT_SQL_SERVER_SUBSTRAIT, c.substrait)
        .withInt32Bitmask(SqlInfo.FLIGHT_SQL_SERVER_TRANSACTION, c.transactions)
        .withBoolean(SqlInfo.FLIGHT_SQL_SERVER_CANCEL, c.cancel)
        .withBoolean(SqlInfo.FLIGHT_SQL_SERVER_BULK_INGESTION, c.ingest);
  }

  // SqlSupportedTransaction (FlightSql.proto)
  private static final int SUPPORTED_TRANSACTION_NONE = 0;
  private static final int SUPPORTED_TRANSACTION_TRANSACTION = 1;
  private static final int SUPPORTED_TRANSACTION_SAVEPOINT = 2;

  /** What a service class implements, found once per class. */
  private record Capabilities(boolean updates, boolean ingest, boolean substrait, int transactions, boolean cancel) {
    static Capabilities of(Class<?> c) {
      boolean ingest = overrides(c, "doPutStatementIngest");
      boolean updates = ingest || overrides(c, "doPutStatementUpdate")
          || overrides(c, "doPutPreparedStatementUpdate") || overrides(c, "doPutSubstraitPlanUpdate");
      int transactions = !overrides(c, "beginTransaction") ? SUPPORTED_TRANSACTION_NONE
          : overrides(c, "beginSavepoint") ? SUPPORTED_TRANSACTION_SAVEPOINT : SUPPORTED_TRANSACTION_TRANSACTION;
      return new Capabilities(updates, ingest, overrides(c, "getFlightInfoSubstraitPlan"), transactions,
          overrides(c, "cancelQuery"));
    }
  }

  private static final ClassValue<Capabilities> CAPABILITIES = new ClassValue<>() {
    @Override
    protected Capabilities computeValue(Class<?> type) {
      return Capabilities.of(type);
    }
  };

  /**
   * Whether {@code c}, or a superclass below FlightSqlServerBase, overrides the base's method
   * {@code name} (same parameter types; not a bridge). An override that only calls {@code super}
   * counts too. A class whose methods cannot be resolved (a type missing from the class path)
   * counts as overriding nothing.
   */
  private static boolean overrides(Class<?> c, String name) {
    Class<?>[] params = null;
    for (java.lang.reflect.Method m : FlightSqlServerBase.class.getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        params = m.getParameterTypes();
      }
    }
    if (params == null) {
      throw new IllegalStateException("FlightSqlServerBase has no method " + name);
    }
    try {
      for (Class<?> k = c; k != null && k != FlightSqlServerBase.class; k = k.getSuperclass()) {
        try {
          java.lang.reflect.Method m = k.getDeclaredMethod(name, params);
          if (!m.isBridge() && !java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
            return true;
          }
        } catch (NoSuchMethodException notHere) {
          // look further up
        }
      }
    } catch (LinkageError unresolvable) {
      return false;
    }
    return false;
  }

  /** The Implementation-Version of the jar holding {@code c}, or "unknown" outside a jar. */
  private static String version(Class<?> c) {
    String v = c.getPackage() == null ? null : c.getPackage().getImplementationVersion();
    return v == null ? "unknown" : v;
  }
}
