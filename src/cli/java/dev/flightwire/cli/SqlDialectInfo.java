package dev.flightwire.cli;

import dev.flightwire.sql.SqlInfo;
import dev.flightwire.sql.SqlInfoBuilder;
import java.util.List;
import java.util.Map;

/**
 * What {@code serve --sql}'s engine (DuckDB) supports, as Flight SQL server information: the
 * values JDBC's {@code DatabaseMetaData} answers from (the Arrow Flight SQL JDBC driver fails a
 * method whose value the server did not send, and tools such as DBeaver call many on connect).
 * Statements run one at a time in auto-commit: no transactions, savepoints or positioned updates.
 */
final class SqlDialectInfo {
  // values of Flight SQL's enums (FlightSql.proto)
  private static final int CASE_INSENSITIVE = 1;
  private static final int NULLS_SORTED_AT_END = 3;
  private static final int OUTER_JOINS_FULL = 2;
  private static final int TRANSACTION_NONE = 0;
  private static final int RESULT_SET_FORWARD_ONLY = 1;
  private static final int CONCURRENCY_READ_ONLY = 1;

  private SqlDialectInfo() {}

  static void addTo(SqlInfoBuilder info) {
    info.withInt32Bitmask(SqlInfo.SQL_IDENTIFIER_CASE, CASE_INSENSITIVE)
        .withInt32Bitmask(SqlInfo.SQL_QUOTED_IDENTIFIER_CASE, CASE_INSENSITIVE)
        .withBoolean(SqlInfo.SQL_ALL_TABLES_ARE_SELECTABLE, true)
        .withInt32Bitmask(SqlInfo.SQL_NULL_ORDERING, NULLS_SORTED_AT_END)
        .withStringList(SqlInfo.SQL_KEYWORDS, List.of("ANTI", "ASOF", "ATTACH", "COLUMNS", "COPY", "DESCRIBE",
            "EXCLUDE", "ILIKE", "MACRO", "PIVOT", "POSITIONAL", "PRAGMA", "QUALIFY", "REPLACE", "SEMI", "SUMMARIZE",
            "UNPIVOT"))
        .withStringList(SqlInfo.SQL_NUMERIC_FUNCTIONS, List.of("abs", "acos", "asin", "atan", "atan2", "cbrt",
            "ceil", "cos", "cot", "degrees", "exp", "floor", "ln", "log", "log10", "log2", "mod", "pi", "pow",
            "radians", "random", "round", "sign", "sin", "sqrt", "tan", "trunc"))
        .withStringList(SqlInfo.SQL_STRING_FUNCTIONS, List.of("ascii", "concat", "contains", "left", "length",
            "lower", "lpad", "ltrim", "position", "regexp_matches", "regexp_replace", "repeat", "replace",
            "reverse", "right", "rpad", "rtrim", "split_part", "strpos", "substring", "trim", "upper"))
        .withStringList(SqlInfo.SQL_SYSTEM_FUNCTIONS, List.of("coalesce", "current_database", "current_schema",
            "ifnull", "nullif", "typeof", "version"))
        .withStringList(SqlInfo.SQL_DATETIME_FUNCTIONS, List.of("current_date", "current_time",
            "current_timestamp", "date_add", "date_diff", "date_part", "date_trunc", "dayname", "extract",
            "make_date", "make_timestamp", "monthname", "now", "strftime", "strptime"))
        .withString(SqlInfo.SQL_SEARCH_STRING_ESCAPE, "\\")
        .withString(SqlInfo.SQL_EXTRA_NAME_CHARACTERS, "")
        .withBoolean(SqlInfo.SQL_SUPPORTS_COLUMN_ALIASING, true)
        .withBoolean(SqlInfo.SQL_NULL_PLUS_NULL_IS_NULL, true)
        .withInt32ToInt32ListMap(SqlInfo.SQL_SUPPORTS_CONVERT, Map.of())
        .withBoolean(SqlInfo.SQL_SUPPORTS_TABLE_CORRELATION_NAMES, true)
        .withBoolean(SqlInfo.SQL_SUPPORTS_DIFFERENT_TABLE_CORRELATION_NAMES, false)
        .withBoolean(SqlInfo.SQL_SUPPORTS_EXPRESSIONS_IN_ORDER_BY, true)
        .withBoolean(SqlInfo.SQL_SUPPORTS_ORDER_BY_UNRELATED, true)
        .withInt32Bitmask(SqlInfo.SQL_SUPPORTED_GROUP_BY, 0b11) // unrelated, beyond select
        .withBoolean(SqlInfo.SQL_SUPPORTS_LIKE_ESCAPE_CLAUSE, true)
        .withBoolean(SqlInfo.SQL_SUPPORTS_NON_NULLABLE_COLUMNS, true)
        .withInt32Bitmask(SqlInfo.SQL_SUPPORTED_GRAMMAR, 0b011) // minimum, core
        .withInt32Bitmask(SqlInfo.SQL_ANSI92_SUPPORTED_LEVEL, 0b011) // entry, intermediate
        .withBoolean(SqlInfo.SQL_SUPPORTS_INTEGRITY_ENHANCEMENT_FACILITY, false)
        .withInt32Bitmask(SqlInfo.SQL_OUTER_JOINS_SUPPORT_LEVEL, OUTER_JOINS_FULL)
        .withString(SqlInfo.SQL_SCHEMA_TERM, "schema")
        .withString(SqlInfo.SQL_PROCEDURE_TERM, "procedure")
        .withString(SqlInfo.SQL_CATALOG_TERM, "catalog")
        .withBoolean(SqlInfo.SQL_CATALOG_AT_START, true)
        .withInt32Bitmask(SqlInfo.SQL_SCHEMAS_SUPPORTED_ACTIONS, 0)
        .withInt32Bitmask(SqlInfo.SQL_CATALOGS_SUPPORTED_ACTIONS, 0)
        .withInt32Bitmask(SqlInfo.SQL_SUPPORTED_POSITIONED_COMMANDS, 0)
        .withBoolean(SqlInfo.SQL_SELECT_FOR_UPDATE_SUPPORTED, false)
        .withBoolean(SqlInfo.SQL_STORED_PROCEDURES_SUPPORTED, false)
        .withInt32Bitmask(SqlInfo.SQL_SUPPORTED_SUBQUERIES, 0b1111) // comparisons, exists, in, quantified
        .withBoolean(SqlInfo.SQL_CORRELATED_SUBQUERIES_SUPPORTED, true)
        .withInt32Bitmask(SqlInfo.SQL_SUPPORTED_UNIONS, 0b11) // union, union all
        .withBoolean(SqlInfo.SQL_MAX_ROW_SIZE_INCLUDES_BLOBS, false)
        .withLong(SqlInfo.SQL_DEFAULT_TRANSACTION_ISOLATION, TRANSACTION_NONE) // int64, as Arrow Java reads it
        .withBoolean(SqlInfo.SQL_TRANSACTIONS_SUPPORTED, false)
        .withInt32Bitmask(SqlInfo.SQL_SUPPORTED_TRANSACTIONS_ISOLATION_LEVELS, 0)
        .withBoolean(SqlInfo.SQL_DATA_DEFINITION_CAUSES_TRANSACTION_COMMIT, false)
        .withBoolean(SqlInfo.SQL_DATA_DEFINITIONS_IN_TRANSACTIONS_IGNORED, false)
        .withInt32Bitmask(SqlInfo.SQL_SUPPORTED_RESULT_SET_TYPES, 1 << RESULT_SET_FORWARD_ONLY)
        .withInt32Bitmask(SqlInfo.SQL_SUPPORTED_CONCURRENCIES_FOR_RESULT_SET_UNSPECIFIED, 0)
        .withInt32Bitmask(SqlInfo.SQL_SUPPORTED_CONCURRENCIES_FOR_RESULT_SET_FORWARD_ONLY,
            1 << CONCURRENCY_READ_ONLY)
        .withInt32Bitmask(SqlInfo.SQL_SUPPORTED_CONCURRENCIES_FOR_RESULT_SET_SCROLL_SENSITIVE, 0)
        .withInt32Bitmask(SqlInfo.SQL_SUPPORTED_CONCURRENCIES_FOR_RESULT_SET_SCROLL_INSENSITIVE, 0)
        .withBoolean(SqlInfo.SQL_BATCH_UPDATES_SUPPORTED, true)
        .withBoolean(SqlInfo.SQL_SAVEPOINTS_SUPPORTED, false)
        .withBoolean(SqlInfo.SQL_NAMED_PARAMETERS_SUPPORTED, false)
        .withBoolean(SqlInfo.SQL_LOCATORS_UPDATE_COPY, false)
        .withBoolean(SqlInfo.SQL_STORED_FUNCTIONS_USING_CALL_SYNTAX_SUPPORTED, false);
    // no limits the engine reports: 0 means "none or unknown", as in JDBC
    for (int id = SqlInfo.SQL_MAX_BINARY_LITERAL_LENGTH; id <= SqlInfo.SQL_MAX_USERNAME_LENGTH; id++) {
      if (id != SqlInfo.SQL_MAX_ROW_SIZE_INCLUDES_BLOBS) {
        info.withLong(id, 0);
      }
    }
  }
}
