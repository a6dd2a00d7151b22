package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlActionMessages;
import java.util.Arrays;
import java.util.Objects;

/**
 * The body of the {@value FlightSqlActions#END_SAVEPOINT} action
 * ({@code ActionEndSavepointRequest}): releases a savepoint, or rolls back to it (which
 * invalidates the savepoints created after it). Arrow Java: {@code FlightSqlClient.release} and
 * {@code rollback}.
 *
 * @param savepointId the savepoint's handle; not null; copied in and out
 * @param action whether to release or roll back to the savepoint; not null
 */
public record EndSavepointRequest(byte[] savepointId, EndSavepoint action) {
  /**
   * Checks and copies the components.
   *
   * @param savepointId the savepoint's handle; not null; copied in and out
   * @param action whether to release or roll back to the savepoint; not null
   */
  public EndSavepointRequest {
    savepointId = savepointId.clone();
    Objects.requireNonNull(action, "action");
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
   * The action body as sent: the {@code google.protobuf.Any}-wrapped protobuf message.
   *
   * @return new bytes, owned by the caller
   */
  public byte[] toBytes() {
    return SqlActionMessages.encode(this);
  }

  /**
   * Reads an action body.
   *
   * @param bytes the Any-wrapped {@code ActionEndSavepointRequest}; not null
   * @return the request
   * @throws dev.flightwire.FlightInvalidArgumentError when the bytes are not that message (the
   *     message names the type URL received) or are malformed
   */
  public static EndSavepointRequest parse(byte[] bytes) {
    return SqlActionMessages.parseEndSavepointRequest(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EndSavepointRequest r && Arrays.equals(savepointId, r.savepointId) && action == r.action;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(savepointId) + action.hashCode();
  }

  @Override
  public String toString() {
    return "EndSavepointRequest[savepointId=" + Values.show(savepointId) + ", action=" + action + "]";
  }
}
