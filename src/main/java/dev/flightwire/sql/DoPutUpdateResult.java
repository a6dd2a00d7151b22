package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlActionMessages;
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
   * The result as sent: the {@code google.protobuf.Any}-wrapped protobuf message.
   *
   * @return new bytes, owned by the caller
   */
  public byte[] toBytes() {
    return SqlActionMessages.encode(this);
  }

  /**
   * Reads a result.
   *
   * @param bytes the Any-wrapped {@code DoPutUpdateResult}; not null
   * @return the result
   * @throws dev.flightwire.FlightInvalidArgumentError when the bytes are not that message (the
   *     message names the type URL received) or are malformed
   */
  public static DoPutUpdateResult parse(byte[] bytes) {
    return SqlActionMessages.parseDoPutUpdateResult(bytes);
  }

  /**
   * The result as a PutResult's app_metadata carries it: the bare protobuf message, not
   * Any-wrapped (what Arrow Java's servers write and its client reads).
   *
   * @return new bytes, owned by the caller
   */
  public byte[] toMetadataBytes() {
    return SqlPutResults.encode(this);
  }

  /**
   * Reads a result from a PutResult's app_metadata (the bare protobuf message).
   *
   * @param bytes the bare {@code DoPutUpdateResult}; not null
   * @return the result
   * @throws dev.flightwire.FlightInvalidArgumentError when the bytes are malformed
   */
  public static DoPutUpdateResult parseMetadata(byte[] bytes) {
    return SqlPutResults.parseUpdateResult(bytes);
  }
}
