package dev.flightwire.wire;

import java.util.Set;

/** The Arrow Flight SQL JDBC driver 18.3.0 (wire-tests/sql-peer JdbcPeer) against {@code serve --sql}. */
class FlightSqlJdbcIT extends FlightSqlPeerRun {
  @Override
  String peer() {
    return "jdbc";
  }

  @Override
  String stack() {
    return "Flight SQL JDBC driver";
  }

  @Override
  Set<String> checksWithCredentials() {
    return Set.of("connect", "credentials_refused", "query", "prepared", "update");
  }
}
