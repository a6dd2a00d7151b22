package dev.flightwire.sql;

import java.util.Objects;

/**
 * What a bulk ingestion ({@link StatementIngest}) does when its target table is missing or
 * already exists ({@code CommandStatementIngest.TableDefinitionOptions}). Arrow Java passes the
 * protobuf message in {@code FlightSqlClient.ExecuteIngestOptions}.
 *
 * @param ifNotExist when the table does not exist; not null
 * @param ifExists when the table exists; not null
 */
public record TableDefinitionOptions(TableNotExistOption ifNotExist, TableExistsOption ifExists) {
  /**
   * Checks and copies the components.
   *
   * @param ifNotExist when the table does not exist; not null
   * @param ifExists when the table exists; not null
   */
  public TableDefinitionOptions {
    Objects.requireNonNull(ifNotExist, "ifNotExist");
    Objects.requireNonNull(ifExists, "ifExists");
  }

  /**
   * What to do when the target table does not exist. The ordinal is the protobuf value; a value
   * this library does not know is read as {@link #UNSPECIFIED}.
   */
  public enum TableNotExistOption {
    /** Not set; servers refuse it. */
    UNSPECIFIED,
    /** Create the table. */
    CREATE,
    /** Fail the ingestion. */
    FAIL
  }

  /**
   * What to do when the target table exists. The ordinal is the protobuf value; a value this
   * library does not know is read as {@link #UNSPECIFIED}.
   */
  public enum TableExistsOption {
    /** Not set; servers refuse it. */
    UNSPECIFIED,
    /** Fail the ingestion. */
    FAIL,
    /** Append the rows to the table. */
    APPEND,
    /** Drop the table and create it again. */
    REPLACE
  }
}
