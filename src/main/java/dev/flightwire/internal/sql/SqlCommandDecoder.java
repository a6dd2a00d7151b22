package dev.flightwire.internal.sql;

import static dev.flightwire.internal.sql.SqlFields.optional;

import dev.flightwire.internal.proto.sql.CommandGetCrossReference;
import dev.flightwire.internal.proto.sql.CommandGetDbSchemas;
import dev.flightwire.internal.proto.sql.CommandGetExportedKeys;
import dev.flightwire.internal.proto.sql.CommandGetImportedKeys;
import dev.flightwire.internal.proto.sql.CommandGetPrimaryKeys;
import dev.flightwire.internal.proto.sql.CommandGetTables;
import dev.flightwire.internal.proto.sql.CommandGetXdbcTypeInfo;
import dev.flightwire.internal.proto.sql.CommandStatementIngest;
import dev.flightwire.internal.proto.sql.CommandStatementQuery;
import dev.flightwire.internal.proto.sql.CommandStatementSubstraitPlan;
import dev.flightwire.internal.proto.sql.CommandStatementUpdate;
import dev.flightwire.sql.GetCrossReference;
import dev.flightwire.sql.GetDbSchemas;
import dev.flightwire.sql.GetExportedKeys;
import dev.flightwire.sql.GetImportedKeys;
import dev.flightwire.sql.GetPrimaryKeys;
import dev.flightwire.sql.GetTables;
import dev.flightwire.sql.GetXdbcTypeInfo;
import dev.flightwire.sql.StatementIngest;
import dev.flightwire.sql.StatementQuery;
import dev.flightwire.sql.StatementSubstraitPlan;
import dev.flightwire.sql.StatementUpdate;

/** The protobuf commands with fields to the value types; an unset optional field becomes null. */
final class SqlCommandDecoder {
  private SqlCommandDecoder() {}

  static StatementQuery statementQuery(CommandStatementQuery p) {
    return new StatementQuery(p.getQuery(), optional(p.hasTransactionId(), p.getTransactionId()));
  }

  static StatementUpdate statementUpdate(CommandStatementUpdate p) {
    return new StatementUpdate(p.getQuery(), optional(p.hasTransactionId(), p.getTransactionId()));
  }

  static StatementSubstraitPlan substraitPlan(CommandStatementSubstraitPlan p) {
    return new StatementSubstraitPlan(SqlFields.fromProto(p.getPlan()),
        optional(p.hasTransactionId(), p.getTransactionId()));
  }

  static StatementIngest ingest(CommandStatementIngest p) {
    return SqlIngest.fromProto(p);
  }

  static GetXdbcTypeInfo xdbcTypeInfo(CommandGetXdbcTypeInfo p) {
    return new GetXdbcTypeInfo(p.hasDataType() ? Integer.valueOf(p.getDataType()) : null);
  }

  static GetDbSchemas dbSchemas(CommandGetDbSchemas p) {
    return new GetDbSchemas(optional(p.hasCatalog(), p.getCatalog()),
        optional(p.hasDbSchemaFilterPattern(), p.getDbSchemaFilterPattern()));
  }

  static GetTables tables(CommandGetTables p) {
    return new GetTables(optional(p.hasCatalog(), p.getCatalog()),
        optional(p.hasDbSchemaFilterPattern(), p.getDbSchemaFilterPattern()),
        optional(p.hasTableNameFilterPattern(), p.getTableNameFilterPattern()),
        p.getTableTypesList(), p.getIncludeSchema());
  }

  static GetPrimaryKeys primaryKeys(CommandGetPrimaryKeys p) {
    return new GetPrimaryKeys(optional(p.hasCatalog(), p.getCatalog()),
        optional(p.hasDbSchema(), p.getDbSchema()), p.getTable());
  }

  static GetExportedKeys exportedKeys(CommandGetExportedKeys p) {
    return new GetExportedKeys(optional(p.hasCatalog(), p.getCatalog()),
        optional(p.hasDbSchema(), p.getDbSchema()), p.getTable());
  }

  static GetImportedKeys importedKeys(CommandGetImportedKeys p) {
    return new GetImportedKeys(optional(p.hasCatalog(), p.getCatalog()),
        optional(p.hasDbSchema(), p.getDbSchema()), p.getTable());
  }

  static GetCrossReference crossReference(CommandGetCrossReference p) {
    return new GetCrossReference(optional(p.hasPkCatalog(), p.getPkCatalog()),
        optional(p.hasPkDbSchema(), p.getPkDbSchema()), p.getPkTable(),
        optional(p.hasFkCatalog(), p.getFkCatalog()),
        optional(p.hasFkDbSchema(), p.getFkDbSchema()), p.getFkTable());
  }
}
