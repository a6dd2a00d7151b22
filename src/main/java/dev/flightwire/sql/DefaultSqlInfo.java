package dev.flightwire.sql;

/** The server information of {@link FlightSqlServerBase#sqlInfo()} by default. */
final class DefaultSqlInfo {
  private static final String SERVER_VERSION = version(FlightSqlServerBase.class);
  private static final String ARROW_VERSION = version(org.apache.arrow.vector.VectorSchemaRoot.class);

  private DefaultSqlInfo() {}

  /** A new builder holding the defaults, which the caller may change. */
  static SqlInfoBuilder create() {
    return new SqlInfoBuilder()
        .withString(SqlInfo.FLIGHT_SQL_SERVER_NAME, "flightwire")
        .withString(SqlInfo.FLIGHT_SQL_SERVER_VERSION, SERVER_VERSION)
        .withString(SqlInfo.FLIGHT_SQL_SERVER_ARROW_VERSION, ARROW_VERSION)
        .withBoolean(SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY, true)
        .withBoolean(SqlInfo.FLIGHT_SQL_SERVER_SQL, true)
        .withBoolean(SqlInfo.FLIGHT_SQL_SERVER_SUBSTRAIT, false)
        .withInt32Bitmask(SqlInfo.FLIGHT_SQL_SERVER_TRANSACTION, 0)
        .withBoolean(SqlInfo.FLIGHT_SQL_SERVER_CANCEL, false);
  }

  /** The Implementation-Version of the jar holding {@code c}, or "unknown" outside a jar. */
  private static String version(Class<?> c) {
    String v = c.getPackage() == null ? null : c.getPackage().getImplementationVersion();
    return v == null ? "unknown" : v;
  }
}
