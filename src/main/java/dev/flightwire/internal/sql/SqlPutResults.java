package dev.flightwire.internal.sql;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.flightwire.FlightInternalError;
import dev.flightwire.internal.proto.sql.DoPutPreparedStatementResult;
import dev.flightwire.internal.proto.sql.DoPutUpdateResult;

/**
 * The app_metadata of the PutResult a Flight SQL server answers a DoPut with. Unlike commands and
 * action bodies, these travel as the bare protobuf message, not wrapped in a
 * {@code google.protobuf.Any}: Arrow Java's {@code FlightSqlClient} reads
 * {@code DoPutUpdateResult.parseFrom(metadata)} and its producer writes {@code toByteArray()}.
 * Not API.
 */
public final class SqlPutResults {
  private SqlPutResults() {}

  /**
   * The bare {@code DoPutUpdateResult} message.
   *
   * @param recordCount the rows changed, or -1 when unknown
   * @return new bytes, owned by the caller
   */
  public static byte[] updateResult(long recordCount) {
    return DoPutUpdateResult.newBuilder().setRecordCount(recordCount).build().toByteArray();
  }

  /**
   * The bare {@code DoPutPreparedStatementResult} message.
   *
   * @param handle the statement's new handle, or null to leave it unset
   * @return new bytes, owned by the caller
   */
  public static byte[] preparedStatementResult(byte[] handle) {
    DoPutPreparedStatementResult.Builder b = DoPutPreparedStatementResult.newBuilder();
    if (handle != null) {
      b.setPreparedStatementHandle(com.google.protobuf.ByteString.copyFrom(handle));
    }
    return b.build().toByteArray();
  }

  /**
   * Reads the record count of a {@code DoPutUpdateResult}. Also accepts the message wrapped in a
   * {@code google.protobuf.Any} (see {@link #isWrapped}).
   *
   * @param metadata the PutResult's app_metadata; not null
   * @param call the call, for the error message ("DoPut of CommandStatementUpdate")
   * @return the rows changed, or -1 when the server did not know
   * @throws FlightInternalError when the bytes are not that message
   */
  public static long recordCount(byte[] metadata, String call) {
    if (isWrapped(metadata, "DoPutUpdateResult")) {
      try {
        return DoPutUpdateResult.parseFrom(com.google.protobuf.Any.parseFrom(metadata).getValue()).getRecordCount();
      } catch (InvalidProtocolBufferException e) {
        throw new FlightInternalError("malformed DoPutUpdateResult in the answer to " + call + ": "
            + e.getMessage(), e);
      }
    }
    try {
      return DoPutUpdateResult.parseFrom(metadata).getRecordCount();
    } catch (InvalidProtocolBufferException e) {
      throw new FlightInternalError("malformed DoPutUpdateResult in the answer to " + call + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Reads the new handle of a bare {@code DoPutPreparedStatementResult}; also accepts it wrapped
   * in a {@code google.protobuf.Any} (see {@link #isWrapped}).
   *
   * @param metadata the PutResult's app_metadata; not null
   * @return the new handle, or null when the server sent none (unset or empty: keep the old one)
   * @throws FlightInternalError when the bytes are not that message
   */
  public static byte[] newHandle(byte[] metadata) {
    if (isWrapped(metadata, "DoPutPreparedStatementResult")) {
      try {
        DoPutPreparedStatementResult r =
            DoPutPreparedStatementResult.parseFrom(com.google.protobuf.Any.parseFrom(metadata).getValue());
        return r.getPreparedStatementHandle().isEmpty() ? null : r.getPreparedStatementHandle().toByteArray();
      } catch (InvalidProtocolBufferException e) {
        throw new FlightInternalError("malformed DoPutPreparedStatementResult in the answer to the DoPut "
            + "of a prepared statement's parameters: " + e.getMessage(), e);
      }
    }
    try {
      DoPutPreparedStatementResult r = DoPutPreparedStatementResult.parseFrom(metadata);
      return r.getPreparedStatementHandle().isEmpty() ? null : r.getPreparedStatementHandle().toByteArray();
    } catch (InvalidProtocolBufferException e) {
      throw new FlightInternalError("malformed DoPutPreparedStatementResult in the answer to the DoPut "
          + "of a prepared statement's parameters: " + e.getMessage(), e);
    }
  }

  /** The bare message of {@code r} ({@link #updateResult}). */
  public static byte[] encode(dev.flightwire.sql.DoPutUpdateResult r) {
    return updateResult(r.recordCount());
  }

  /** The bare message of {@code r} ({@link #preparedStatementResult}). */
  public static byte[] encode(dev.flightwire.sql.DoPutPreparedStatementResult r) {
    return preparedStatementResult(r.preparedStatementHandle());
  }

  /**
   * Reads a bare {@code DoPutUpdateResult}.
   *
   * @throws dev.flightwire.FlightInvalidArgumentError when the bytes are malformed
   */
  public static dev.flightwire.sql.DoPutUpdateResult parseUpdateResult(byte[] bytes) {
    try {
      return new dev.flightwire.sql.DoPutUpdateResult(DoPutUpdateResult.parseFrom(bytes).getRecordCount());
    } catch (InvalidProtocolBufferException e) {
      throw new dev.flightwire.FlightInvalidArgumentError("malformed DoPutUpdateResult: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a bare {@code DoPutPreparedStatementResult}.
   *
   * @throws dev.flightwire.FlightInvalidArgumentError when the bytes are malformed
   */
  public static dev.flightwire.sql.DoPutPreparedStatementResult parsePreparedStatementResult(byte[] bytes) {
    try {
      DoPutPreparedStatementResult p = DoPutPreparedStatementResult.parseFrom(bytes);
      return new dev.flightwire.sql.DoPutPreparedStatementResult(
          p.hasPreparedStatementHandle() ? p.getPreparedStatementHandle().toByteArray() : null);
    } catch (InvalidProtocolBufferException e) {
      throw new dev.flightwire.FlightInvalidArgumentError("malformed DoPutPreparedStatementResult: "
          + e.getMessage(), e);
    }
  }

  /**
   * Whether the bytes are the message {@code name} wrapped in a {@code google.protobuf.Any}, as
   * a server that wrapped it by mistake would send it, rather than the bare message the protocol sends. A
   * bare message is never mistaken for one: it would need field 1 to be text ending in
   * "/arrow.flight.protocol.sql." + name.
   */
  static boolean isWrapped(byte[] metadata, String name) {
    try {
      return com.google.protobuf.Any.parseFrom(metadata).getTypeUrl().endsWith("/" + AnyCodec.PACKAGE + name);
    } catch (InvalidProtocolBufferException e) {
      return false;
    }
  }
}
