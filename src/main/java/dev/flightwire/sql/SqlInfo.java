package dev.flightwire.sql;

/**
 * The ids of the server information a {@link GetSqlInfo} asks for (FlightSql.proto's
 * {@code SqlInfo}), with the type of each value in the result's {@code value} union. Ids 0 to 499
 * describe the server, 500 to 999 its SQL; ids below 10000 are reserved to the protocol, and a
 * server's own ids start at 10000. Arrow Java uses the generated enum {@code SqlInfo}; these
 * constants have the same names. In a bitmask, bit n set means the enum value n is supported.
 */
public final class SqlInfo {
  /** A string. */
  public static final int FLIGHT_SQL_SERVER_NAME = 0;

  /** A string. */
  public static final int FLIGHT_SQL_SERVER_VERSION = 1;

  /** A string. */
  public static final int FLIGHT_SQL_SERVER_ARROW_VERSION = 2;

  /** A boolean. */
  public static final int FLIGHT_SQL_SERVER_READ_ONLY = 3;

  /** A boolean. */
  public static final int FLIGHT_SQL_SERVER_SQL = 4;

  /** A boolean. */
  public static final int FLIGHT_SQL_SERVER_SUBSTRAIT = 5;

  /** A string. */
  public static final int FLIGHT_SQL_SERVER_SUBSTRAIT_MIN_VERSION = 6;

  /** A string. */
  public static final int FLIGHT_SQL_SERVER_SUBSTRAIT_MAX_VERSION = 7;

  /** An int32, a {@code SqlSupportedTransaction} value. */
  public static final int FLIGHT_SQL_SERVER_TRANSACTION = 8;

  /** A boolean. */
  public static final int FLIGHT_SQL_SERVER_CANCEL = 9;

  /** A boolean. */
  public static final int FLIGHT_SQL_SERVER_BULK_INGESTION = 10;

  /** A boolean. */
  public static final int FLIGHT_SQL_SERVER_INGEST_TRANSACTIONS_SUPPORTED = 11;

  /** An int32, milliseconds (0: none). */
  public static final int FLIGHT_SQL_SERVER_STATEMENT_TIMEOUT = 100;

  /** An int32, milliseconds (0: none). */
  public static final int FLIGHT_SQL_SERVER_TRANSACTION_TIMEOUT = 101;

  /** A boolean. */
  public static final int SQL_DDL_CATALOG = 500;

  /** A boolean. */
  public static final int SQL_DDL_SCHEMA = 501;

  /** A boolean. */
  public static final int SQL_DDL_TABLE = 502;

  /** An int32, a {@code SqlSupportedCaseSensitivity} value. */
  public static final int SQL_IDENTIFIER_CASE = 503;

  /** A string. */
  public static final int SQL_IDENTIFIER_QUOTE_CHAR = 504;

  /** An int32, a {@code SqlSupportedCaseSensitivity} value. */
  public static final int SQL_QUOTED_IDENTIFIER_CASE = 505;

  /** A boolean. */
  public static final int SQL_ALL_TABLES_ARE_SELECTABLE = 506;

  /** An int32, a {@code SqlNullOrdering} value. */
  public static final int SQL_NULL_ORDERING = 507;

  /** A list of strings. */
  public static final int SQL_KEYWORDS = 508;

  /** A list of strings. */
  public static final int SQL_NUMERIC_FUNCTIONS = 509;

  /** A list of strings. */
  public static final int SQL_STRING_FUNCTIONS = 510;

  /** A list of strings. */
  public static final int SQL_SYSTEM_FUNCTIONS = 511;

  /** A list of strings. */
  public static final int SQL_DATETIME_FUNCTIONS = 512;

  /** A string. */
  public static final int SQL_SEARCH_STRING_ESCAPE = 513;

  /** A string. */
  public static final int SQL_EXTRA_NAME_CHARACTERS = 514;

  /** A boolean. */
  public static final int SQL_SUPPORTS_COLUMN_ALIASING = 515;

  /** A boolean. */
  public static final int SQL_NULL_PLUS_NULL_IS_NULL = 516;

  /** A map from an int32 {@code SqlSupportsConvert} value to a list of them. */
  public static final int SQL_SUPPORTS_CONVERT = 517;

  /** A boolean. */
  public static final int SQL_SUPPORTS_TABLE_CORRELATION_NAMES = 518;

  /** A boolean. */
  public static final int SQL_SUPPORTS_DIFFERENT_TABLE_CORRELATION_NAMES = 519;

  /** A boolean. */
  public static final int SQL_SUPPORTS_EXPRESSIONS_IN_ORDER_BY = 520;

  /** A boolean. */
  public static final int SQL_SUPPORTS_ORDER_BY_UNRELATED = 521;

  /** An int32 bitmask of {@code SqlSupportedGroupBy}. */
  public static final int SQL_SUPPORTED_GROUP_BY = 522;

  /** A boolean. */
  public static final int SQL_SUPPORTS_LIKE_ESCAPE_CLAUSE = 523;

  /** A boolean. */
  public static final int SQL_SUPPORTS_NON_NULLABLE_COLUMNS = 524;

  /** An int32 bitmask of {@code SupportedSqlGrammar}. */
  public static final int SQL_SUPPORTED_GRAMMAR = 525;

  /** An int32 bitmask of {@code SupportedAnsi92SqlGrammarLevel}. */
  public static final int SQL_ANSI92_SUPPORTED_LEVEL = 526;

  /** A boolean. */
  public static final int SQL_SUPPORTS_INTEGRITY_ENHANCEMENT_FACILITY = 527;

  /** An int32, a {@code SqlOuterJoinsSupportLevel} value. */
  public static final int SQL_OUTER_JOINS_SUPPORT_LEVEL = 528;

  /** A string. */
  public static final int SQL_SCHEMA_TERM = 529;

  /** A string. */
  public static final int SQL_PROCEDURE_TERM = 530;

  /** A string. */
  public static final int SQL_CATALOG_TERM = 531;

  /** A boolean. */
  public static final int SQL_CATALOG_AT_START = 532;

  /** An int32 bitmask of {@code SqlSupportedElementActions}. */
  public static final int SQL_SCHEMAS_SUPPORTED_ACTIONS = 533;

  /** An int32 bitmask of {@code SqlSupportedElementActions}. */
  public static final int SQL_CATALOGS_SUPPORTED_ACTIONS = 534;

  /** An int32 bitmask of {@code SqlSupportedPositionedCommands}. */
  public static final int SQL_SUPPORTED_POSITIONED_COMMANDS = 535;

  /** A boolean. */
  public static final int SQL_SELECT_FOR_UPDATE_SUPPORTED = 536;

  /** A boolean. */
  public static final int SQL_STORED_PROCEDURES_SUPPORTED = 537;

  /** An int32 bitmask of {@code SqlSupportedSubqueries}. */
  public static final int SQL_SUPPORTED_SUBQUERIES = 538;

  /** A boolean. */
  public static final int SQL_CORRELATED_SUBQUERIES_SUPPORTED = 539;

  /** An int32 bitmask of {@code SqlSupportedUnions}. */
  public static final int SQL_SUPPORTED_UNIONS = 540;

  /** An int64. */
  public static final int SQL_MAX_BINARY_LITERAL_LENGTH = 541;

  /** An int64. */
  public static final int SQL_MAX_CHAR_LITERAL_LENGTH = 542;

  /** An int64. */
  public static final int SQL_MAX_COLUMN_NAME_LENGTH = 543;

  /** An int64. */
  public static final int SQL_MAX_COLUMNS_IN_GROUP_BY = 544;

  /** An int64. */
  public static final int SQL_MAX_COLUMNS_IN_INDEX = 545;

  /** An int64. */
  public static final int SQL_MAX_COLUMNS_IN_ORDER_BY = 546;

  /** An int64. */
  public static final int SQL_MAX_COLUMNS_IN_SELECT = 547;

  /** An int64. */
  public static final int SQL_MAX_COLUMNS_IN_TABLE = 548;

  /** An int64. */
  public static final int SQL_MAX_CONNECTIONS = 549;

  /** An int64. */
  public static final int SQL_MAX_CURSOR_NAME_LENGTH = 550;

  /** An int64. */
  public static final int SQL_MAX_INDEX_LENGTH = 551;

  /** An int64. */
  public static final int SQL_DB_SCHEMA_NAME_LENGTH = 552;

  /** An int64. */
  public static final int SQL_MAX_PROCEDURE_NAME_LENGTH = 553;

  /** An int64. */
  public static final int SQL_MAX_CATALOG_NAME_LENGTH = 554;

  /** An int64. */
  public static final int SQL_MAX_ROW_SIZE = 555;

  /** A boolean. */
  public static final int SQL_MAX_ROW_SIZE_INCLUDES_BLOBS = 556;

  /** An int64. */
  public static final int SQL_MAX_STATEMENT_LENGTH = 557;

  /** An int64. */
  public static final int SQL_MAX_STATEMENTS = 558;

  /** An int64. */
  public static final int SQL_MAX_TABLE_NAME_LENGTH = 559;

  /** An int64. */
  public static final int SQL_MAX_TABLES_IN_SELECT = 560;

  /** An int64. */
  public static final int SQL_MAX_USERNAME_LENGTH = 561;

  /**
   * A {@code SqlTransactionIsolationLevel} value. FlightSql.proto calls it an int32, but Arrow Java
   * writes and its JDBC driver reads it as an int64 ({@link SqlInfoBuilder#withLong}): send that.
   */
  public static final int SQL_DEFAULT_TRANSACTION_ISOLATION = 562;

  /** A boolean. */
  public static final int SQL_TRANSACTIONS_SUPPORTED = 563;

  /** An int32 bitmask of {@code SqlTransactionIsolationLevel}. */
  public static final int SQL_SUPPORTED_TRANSACTIONS_ISOLATION_LEVELS = 564;

  /** A boolean. */
  public static final int SQL_DATA_DEFINITION_CAUSES_TRANSACTION_COMMIT = 565;

  /** A boolean. */
  public static final int SQL_DATA_DEFINITIONS_IN_TRANSACTIONS_IGNORED = 566;

  /** An int32 bitmask of {@code SqlSupportedResultSetType}. */
  public static final int SQL_SUPPORTED_RESULT_SET_TYPES = 567;

  /** An int32 bitmask of {@code SqlSupportedResultSetConcurrency}. */
  public static final int SQL_SUPPORTED_CONCURRENCIES_FOR_RESULT_SET_UNSPECIFIED = 568;

  /** An int32 bitmask of {@code SqlSupportedResultSetConcurrency}. */
  public static final int SQL_SUPPORTED_CONCURRENCIES_FOR_RESULT_SET_FORWARD_ONLY = 569;

  /** An int32 bitmask of {@code SqlSupportedResultSetConcurrency}. */
  public static final int SQL_SUPPORTED_CONCURRENCIES_FOR_RESULT_SET_SCROLL_SENSITIVE = 570;

  /** An int32 bitmask of {@code SqlSupportedResultSetConcurrency}. */
  public static final int SQL_SUPPORTED_CONCURRENCIES_FOR_RESULT_SET_SCROLL_INSENSITIVE = 571;

  /** A boolean. */
  public static final int SQL_BATCH_UPDATES_SUPPORTED = 572;

  /** A boolean. */
  public static final int SQL_SAVEPOINTS_SUPPORTED = 573;

  /** A boolean. */
  public static final int SQL_NAMED_PARAMETERS_SUPPORTED = 574;

  /** A boolean. */
  public static final int SQL_LOCATORS_UPDATE_COPY = 575;

  /** A boolean. */
  public static final int SQL_STORED_FUNCTIONS_USING_CALL_SYNTAX_SUPPORTED = 576;

  private SqlInfo() {}
}
