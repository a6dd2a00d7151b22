package dev.flightwire.sql;

import dev.flightwire.internal.sql.SqlCommands;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * A bulk ingestion ({@code CommandStatementIngest}): DoPut loads the uploaded stream into a table,
 * and the server answers with a {@link DoPutUpdateResult}. Arrow Java:
 * {@code FlightSqlClient.executeIngest}.
 *
 * @param tableDefinitionOptions what to do when the table is missing or exists; null leaves it
 *     unset on the wire, which servers following the specification refuse (both choices read as
 *     unspecified)
 * @param table the table to load into; not null
 * @param schema the table's database schema, or null for the server's default (unset on the wire)
 * @param catalog the table's catalog, or null for the server's default (unset on the wire)
 * @param temporary whether the table is temporary: in a namespace the server chooses, dropped at
 *     the end of the session
 * @param transactionId the transaction to load in (nothing is committed on failure), or null
 *     (unset on the wire); copied in and out
 * @param options server-specific options; not null, no null key or value; copied (the map is
 *     unmodifiable)
 */
public record StatementIngest(TableDefinitionOptions tableDefinitionOptions, String table, String schema,
    String catalog, boolean temporary, byte[] transactionId, Map<String, String> options)
    implements FlightSqlCommand {
  /**
   * Checks and copies the components.
   *
   * @param tableDefinitionOptions what to do when the table is missing or exists; null leaves it
   *     unset on the wire, which servers following the specification refuse (both choices read as
   *     unspecified)
   * @param table the table to load into; not null
   * @param schema the table's database schema, or null for the server's default (unset on the wire)
   * @param catalog the table's catalog, or null for the server's default (unset on the wire)
   * @param temporary whether the table is temporary: in a namespace the server chooses, dropped at
   *     the end of the session
   * @param transactionId the transaction to load in (nothing is committed on failure), or null
   *     (unset on the wire); copied in and out
   * @param options server-specific options; not null, no null key or value; copied (the map is
   *     unmodifiable)
   */
  public StatementIngest {
    Objects.requireNonNull(table, "table");
    transactionId = Values.copy(transactionId);
    options = Map.copyOf(Objects.requireNonNull(options, "options"));
  }

  /**
   * A command that loads into {@code table}, in the server's default catalog and schema, outside
   * any transaction, with no server-specific options.
   *
   * @param tableDefinitionOptions what to do when the table is missing or exists (null: unset, see
   *     above)
   * @param table the table to load into; not null
   */
  public StatementIngest(TableDefinitionOptions tableDefinitionOptions, String table) {
    this(tableDefinitionOptions, table, null, null, false, null, Map.of());
  }

  /**
   * The transaction the ingestion runs in.
   *
   * @return a copy of its id, or null when unset
   */
  @Override
  public byte[] transactionId() {
    return Values.copy(transactionId);
  }

  @Override
  public byte[] toBytes() {
    return SqlCommands.encode(this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StatementIngest s && Objects.equals(tableDefinitionOptions, s.tableDefinitionOptions)
        && table.equals(s.table) && Objects.equals(schema, s.schema) && Objects.equals(catalog, s.catalog)
        && temporary == s.temporary && Arrays.equals(transactionId, s.transactionId) && options.equals(s.options);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tableDefinitionOptions, table, schema, catalog, temporary, options)
        * 31 + Arrays.hashCode(transactionId);
  }

  @Override
  public String toString() {
    return "StatementIngest[tableDefinitionOptions=" + tableDefinitionOptions + ", table=" + table
        + ", schema=" + schema + ", catalog=" + catalog + ", temporary=" + temporary
        + ", transactionId=" + Values.show(transactionId) + ", options=" + options + "]";
  }
}
