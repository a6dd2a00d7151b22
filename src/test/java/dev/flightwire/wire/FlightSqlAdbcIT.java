package dev.flightwire.wire;

import java.util.Set;

/** ADBC's Java Flight SQL driver 0.20.0 (wire-tests/sql-peer AdbcPeer) against {@code serve --sql}. */
class FlightSqlAdbcIT extends FlightSqlPeerRun {
  @Override
  String peer() {
    return "adbc";
  }

  @Override
  String stack() {
    return "ADBC Flight SQL driver";
  }

  /**
   * Not the prepared statements (nor ADBC's bulk ingestion, made of one): ADBC's Java driver
   * sends its credentials (a bearer token) as a call option that its prepared statements do not
   * pass on (their calls after the one that creates them, such as the DoPut of their parameters
   * and ClosePreparedStatement, go without it), so a server that requires credentials refuses
   * them.
   */
  @Override
  Set<String> checksWithCredentials() {
    return Set.of("connect", "credentials_refused", "get_objects", "query", "update", "ingest_command");
  }
}
