package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlPutResults;

/**
 * What the server answers (in a PutResult's app_metadata) to a DoPut of a {@link StatementUpdate},
 * {@link PreparedStatementUpdate}, {@link StatementSubstraitPlan} or {@link StatementIngest}
 * ({@code DoPutUpdateResult}).
 *
 * @param recordCount the number of rows changed, or -1 when unknown
 */
public record DoPutUpdateResult(long recordCount) {
  /**
   * The result as a PutResult's app_metadata carries it: the bare protobuf message, not wrapped
   * in a {@code google.protobuf.Any} (unlike commands and action bodies; Arrow's clients parse
   * the metadata as the message itself).
   *
   * @return new bytes, owned by the caller
   */
  public byte[] toBytes() {
    return SqlPutResults.encode(this);
  }

  /**
   * Reads a result.
   *
   * @param bytes a PutResult's app_metadata: the bare {@code DoPutUpdateResult} message; not null
   * @return the result
   * @throws dev.flightwire.FlightInvalidArgumentError when the bytes are malformed
   */
  public static DoPutUpdateResult parse(byte[] bytes) {
    return SqlPutResults.parseUpdateResult(bytes);
  }

}
