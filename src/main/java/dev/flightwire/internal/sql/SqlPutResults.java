package dev.flightwire.internal.sql;

import static dev.flightwire.internal.sql.SqlFields.bytes;
import static dev.flightwire.internal.sql.SqlFields.optional;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.sql.DoPutPreparedStatementResult;
import dev.flightwire.sql.DoPutUpdateResult;

/**
 * The DoPut results of Flight SQL as a PutResult's app_metadata carries them: the bare protobuf
 * message, not wrapped in a {@code google.protobuf.Any} (Arrow Java's servers write
 * {@code DoPutUpdateResult.toByteArray()} and its client parses the metadata with
 * {@code DoPutUpdateResult.parseFrom}; the same holds for {@code DoPutPreparedStatementResult}).
 */
public final class SqlPutResults {
  private SqlPutResults() {}

  /** The bare {@code DoPutUpdateResult} message. */
  public static byte[] encode(DoPutUpdateResult r) {
    return dev.flightwire.internal.proto.sql.DoPutUpdateResult.newBuilder()
        .setRecordCount(r.recordCount()).build().toByteArray();
  }

  /** Reads a bare {@code DoPutUpdateResult} message. */
  public static DoPutUpdateResult parseUpdateResult(byte[] bytes) {
    try {
      return new DoPutUpdateResult(
          dev.flightwire.internal.proto.sql.DoPutUpdateResult.parseFrom(bytes).getRecordCount());
    } catch (InvalidProtocolBufferException e) {
      throw new FlightInvalidArgumentError("malformed DoPutUpdateResult: " + e.getMessage(), e);
    }
  }

  /** The bare {@code DoPutPreparedStatementResult} message. */
  public static byte[] encode(DoPutPreparedStatementResult r) {
    dev.flightwire.internal.proto.sql.DoPutPreparedStatementResult.Builder b =
        dev.flightwire.internal.proto.sql.DoPutPreparedStatementResult.newBuilder();
    byte[] handle = r.preparedStatementHandle();
    if (handle != null) {
      b.setPreparedStatementHandle(bytes(handle));
    }
    return b.build().toByteArray();
  }

  /** Reads a bare {@code DoPutPreparedStatementResult} message. */
  public static DoPutPreparedStatementResult parsePreparedStatementResult(byte[] bytes) {
    try {
      dev.flightwire.internal.proto.sql.DoPutPreparedStatementResult p =
          dev.flightwire.internal.proto.sql.DoPutPreparedStatementResult.parseFrom(bytes);
      return new DoPutPreparedStatementResult(optional(p.hasPreparedStatementHandle(), p.getPreparedStatementHandle()));
    } catch (InvalidProtocolBufferException e) {
      throw new FlightInvalidArgumentError("malformed DoPutPreparedStatementResult: " + e.getMessage(), e);
    }
  }
}
