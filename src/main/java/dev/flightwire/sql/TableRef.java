package dev.flightwire.sql;

import java.util.Objects;

/**
 * Names one table for the key queries of {@link FlightSqlClient}. Arrow Java:
 * {@code org.apache.arrow.flight.sql.util.TableRef}.
 *
 * @param catalog the table's catalog, "" for none, or null not to filter by catalog
 * @param dbSchema the table's database schema, "" for none, or null not to filter by schema
 * @param table the table's name; not null
 */
public record TableRef(String catalog, String dbSchema, String table) {
  /**
   * Checks the components.
   *
   * @param catalog the table's catalog, "" for none, or null not to filter by catalog
   * @param dbSchema the table's database schema, "" for none, or null not to filter by schema
   * @param table the table's name; not null
   */
  public TableRef {
    Objects.requireNonNull(table, "table");
  }

  /**
   * A table named without catalog or schema filter.
   *
   * @param table the table's name; not null
   * @return the reference
   */
  public static TableRef of(String table) {
    return new TableRef(null, null, table);
  }
}
