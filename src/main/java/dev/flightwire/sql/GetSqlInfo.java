package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlCommands;
import java.util.List;

/**
 * Asks for server information by id ({@code CommandGetSqlInfo}); an empty list asks for all of
 * it. The ids are those of {@link SqlInfo}, or a server's own from 10000 up. Arrow Java:
 * {@code FlightSqlClient.getSqlInfo}.
 *
 * @param info the ids, each read as an unsigned 32-bit number on the wire; not null, no null
 *     element; copied (the list is unmodifiable)
 */
public record GetSqlInfo(List<Integer> info) implements FlightSqlCommand {
  /**
   * Checks and copies the components.
   *
   * @param info the ids, each read as an unsigned 32-bit number on the wire; not null, no null
   *     element; copied (the list is unmodifiable)
   */
  public GetSqlInfo {
    info = List.copyOf(info);
  }

  /**
   * A request for the given ids.
   *
   * @param info the ids
   * @return the request
   */
  public static GetSqlInfo of(int... info) {
    Integer[] boxed = new Integer[info.length];
    for (int i = 0; i < info.length; i++) {
      boxed[i] = info[i];
    }
    return new GetSqlInfo(List.of(boxed));
  }

  @Override
  public byte[] toBytes() {
    return SqlCommands.encode(this);
  }
}
