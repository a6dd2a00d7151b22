package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlActionMessages;
import java.util.Arrays;

/**
 * The result of the {@value FlightSqlActions#BEGIN_SAVEPOINT} action
 * ({@code ActionBeginSavepointResult}): the new savepoint, to end with an {@link EndSavepointRequest}.
 *
 * @param savepointId the server's opaque handle of the savepoint; not null; copied in and out
 */
public record BeginSavepointResult(byte[] savepointId) {
  /**
   * Checks and copies the components.
   *
   * @param savepointId the server's opaque handle of the savepoint; not null; copied in and out
   */
  public BeginSavepointResult {
    savepointId = savepointId.clone();
  }

  /**
   * The savepoint's handle.
   *
   * @return a copy of the bytes
   */
  @Override
  public byte[] savepointId() {
    return savepointId.clone();
  }

  /**
   * The value as sent: the {@code google.protobuf.Any}-wrapped {@code ActionBeginSavepointResult}.
   *
   * @return new bytes, owned by the caller
   */
  public byte[] toBytes() {
    return SqlActionMessages.encode(this);
  }

  /**
   * Reads one from the bytes of {@link #toBytes}.
   *
   * @param bytes the Any-wrapped {@code ActionBeginSavepointResult}; not null
   * @return the value
   * @throws dev.flightwire.FlightInvalidArgumentError when the bytes are not that message (the
   *     message names the type URL received) or are malformed
   */
  public static BeginSavepointResult parse(byte[] bytes) {
    return SqlActionMessages.parseBeginSavepointResult(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BeginSavepointResult v && Arrays.equals(savepointId, v.savepointId);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(savepointId);
  }

  @Override
  public String toString() {
    return "BeginSavepointResult[savepointId=" + Values.show(savepointId) + "]";
  }
}
