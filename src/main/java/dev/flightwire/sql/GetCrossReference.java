package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlCommands;
import java.util.Objects;

/**
 * Lists the foreign keys of one table that reference another ({@code CommandGetCrossReference}):
 * those of the foreign-key table ({@code fk*}) that point at the primary key (or a unique
 * constraint) of the parent table ({@code pk*}). The result has the columns of
 * {@link GetExportedKeys}. Arrow Java: {@code FlightSqlClient.getCrossReference}. For each
 * catalog and schema, "" means none and null (unset on the wire) means not to filter by it.
 *
 * @param pkCatalog the parent table's catalog, or null
 * @param pkDbSchema the parent table's database schema, or null
 * @param pkTable the parent table; not null
 * @param fkCatalog the foreign-key table's catalog, or null
 * @param fkDbSchema the foreign-key table's database schema, or null
 * @param fkTable the foreign-key table; not null
 */
public record GetCrossReference(String pkCatalog, String pkDbSchema, String pkTable,
    String fkCatalog, String fkDbSchema, String fkTable) implements FlightSqlCommand {
  /**
   * Checks and copies the components.
   *
   * @param pkCatalog the parent table's catalog, or null
   * @param pkDbSchema the parent table's database schema, or null
   * @param pkTable the parent table; not null
   * @param fkCatalog the foreign-key table's catalog, or null
   * @param fkDbSchema the foreign-key table's database schema, or null
   * @param fkTable the foreign-key table; not null
   */
  public GetCrossReference {
    Objects.requireNonNull(pkTable, "pkTable");
    Objects.requireNonNull(fkTable, "fkTable");
  }

  @Override
  public byte[] toBytes() {
    return SqlCommands.encode(this);
  }
}
