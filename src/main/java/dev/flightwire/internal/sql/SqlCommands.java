package dev.flightwire.internal.sql;

import static dev.flightwire.internal.sql.SqlFields.bytes;

import com.google.protobuf.Any;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.internal.proto.sql.CommandGetCatalogs;
import dev.flightwire.internal.proto.sql.CommandGetCrossReference;
import dev.flightwire.internal.proto.sql.CommandGetDbSchemas;
import dev.flightwire.internal.proto.sql.CommandGetExportedKeys;
import dev.flightwire.internal.proto.sql.CommandGetImportedKeys;
import dev.flightwire.internal.proto.sql.CommandGetPrimaryKeys;
import dev.flightwire.internal.proto.sql.CommandGetSqlInfo;
import dev.flightwire.internal.proto.sql.CommandGetTableTypes;
import dev.flightwire.internal.proto.sql.CommandGetTables;
import dev.flightwire.internal.proto.sql.CommandGetXdbcTypeInfo;
import dev.flightwire.internal.proto.sql.CommandPreparedStatementQuery;
import dev.flightwire.internal.proto.sql.CommandPreparedStatementUpdate;
import dev.flightwire.internal.proto.sql.CommandStatementIngest;
import dev.flightwire.internal.proto.sql.CommandStatementQuery;
import dev.flightwire.internal.proto.sql.CommandStatementSubstraitPlan;
import dev.flightwire.internal.proto.sql.CommandStatementUpdate;
import dev.flightwire.sql.FlightSqlCommand;
import dev.flightwire.sql.GetCatalogs;
import dev.flightwire.sql.GetCrossReference;
import dev.flightwire.sql.GetDbSchemas;
import dev.flightwire.sql.GetExportedKeys;
import dev.flightwire.sql.GetImportedKeys;
import dev.flightwire.sql.GetPrimaryKeys;
import dev.flightwire.sql.GetSqlInfo;
import dev.flightwire.sql.GetTableTypes;
import dev.flightwire.sql.GetTables;
import dev.flightwire.sql.GetXdbcTypeInfo;
import dev.flightwire.sql.PreparedStatementQuery;
import dev.flightwire.sql.PreparedStatementUpdate;
import dev.flightwire.sql.StatementIngest;
import dev.flightwire.sql.StatementQuery;
import dev.flightwire.sql.StatementSubstraitPlan;
import dev.flightwire.sql.StatementUpdate;
import dev.flightwire.sql.TicketStatementQuery;

/**
 * The Flight SQL commands (descriptor commands and the statement ticket) to and from their
 * Any-wrapped protobuf bytes. One encode per command; {@link #parse} dispatches on the type URL's
 * message name.
 */
public final class SqlCommands {
  private SqlCommands() {}

  /**
   * Reads any Flight SQL command.
   *
   * @throws FlightInvalidArgumentError when the bytes are no Any, name no Flight SQL command
   *     (the message names the type URL), or hold a malformed one
   */
  public static FlightSqlCommand parse(byte[] bytes) {
    Any any = AnyCodec.unpack(bytes, "Flight SQL command");
    String name = AnyCodec.sqlName(any);
    FlightSqlCommand command = name == null ? null : decode(name, any);
    if (command == null) {
      throw new FlightInvalidArgumentError("not a Flight SQL command: type URL '" + AnyCodec.shownUrl(any) + "'");
    }
    return command;
  }

  /** The command named {@code name}, or null when that is no command's name. */
  private static FlightSqlCommand decode(String name, Any any) {
    switch (name) {
      case "CommandStatementQuery":
        return SqlCommandDecoder.statementQuery(AnyCodec.value(any, CommandStatementQuery.parser()));
      case "CommandStatementUpdate":
        return SqlCommandDecoder.statementUpdate(AnyCodec.value(any, CommandStatementUpdate.parser()));
      case "CommandStatementSubstraitPlan":
        return SqlCommandDecoder.substraitPlan(AnyCodec.value(any, CommandStatementSubstraitPlan.parser()));
      case "CommandStatementIngest":
        return SqlCommandDecoder.ingest(AnyCodec.value(any, CommandStatementIngest.parser()));
      case "CommandPreparedStatementQuery":
        return new PreparedStatementQuery(
            AnyCodec.value(any, CommandPreparedStatementQuery.parser()).getPreparedStatementHandle().toByteArray());
      case "CommandPreparedStatementUpdate":
        return new PreparedStatementUpdate(
            AnyCodec.value(any, CommandPreparedStatementUpdate.parser()).getPreparedStatementHandle().toByteArray());
      case "TicketStatementQuery":
        return new TicketStatementQuery(AnyCodec.value(any,
            dev.flightwire.internal.proto.sql.TicketStatementQuery.parser()).getStatementHandle().toByteArray());
      case "CommandGetSqlInfo":
        return new GetSqlInfo(AnyCodec.value(any, CommandGetSqlInfo.parser()).getInfoList());
      case "CommandGetXdbcTypeInfo":
        return SqlCommandDecoder.xdbcTypeInfo(AnyCodec.value(any, CommandGetXdbcTypeInfo.parser()));
      case "CommandGetCatalogs":
        AnyCodec.value(any, CommandGetCatalogs.parser());
        return new GetCatalogs();
      case "CommandGetDbSchemas":
        return SqlCommandDecoder.dbSchemas(AnyCodec.value(any, CommandGetDbSchemas.parser()));
      case "CommandGetTables":
        return SqlCommandDecoder.tables(AnyCodec.value(any, CommandGetTables.parser()));
      case "CommandGetTableTypes":
        AnyCodec.value(any, CommandGetTableTypes.parser());
        return new GetTableTypes();
      case "CommandGetPrimaryKeys":
        return SqlCommandDecoder.primaryKeys(AnyCodec.value(any, CommandGetPrimaryKeys.parser()));
      case "CommandGetExportedKeys":
        return SqlCommandDecoder.exportedKeys(AnyCodec.value(any, CommandGetExportedKeys.parser()));
      case "CommandGetImportedKeys":
        return SqlCommandDecoder.importedKeys(AnyCodec.value(any, CommandGetImportedKeys.parser()));
      case "CommandGetCrossReference":
        return SqlCommandDecoder.crossReference(AnyCodec.value(any, CommandGetCrossReference.parser()));
      default:
        return null;
    }
  }

  /** The Any-wrapped {@code CommandStatementQuery}. */
  public static byte[] encode(StatementQuery c) {
    CommandStatementQuery.Builder b = CommandStatementQuery.newBuilder().setQuery(c.query());
    byte[] tx = c.transactionId();
    if (tx != null) {
      b.setTransactionId(bytes(tx));
    }
    return AnyCodec.pack("CommandStatementQuery", b.build());
  }

  /** The Any-wrapped {@code CommandStatementUpdate}. */
  public static byte[] encode(StatementUpdate c) {
    CommandStatementUpdate.Builder b = CommandStatementUpdate.newBuilder().setQuery(c.query());
    byte[] tx = c.transactionId();
    if (tx != null) {
      b.setTransactionId(bytes(tx));
    }
    return AnyCodec.pack("CommandStatementUpdate", b.build());
  }

  /** The Any-wrapped {@code CommandStatementSubstraitPlan}. */
  public static byte[] encode(StatementSubstraitPlan c) {
    CommandStatementSubstraitPlan.Builder b =
        CommandStatementSubstraitPlan.newBuilder().setPlan(SqlFields.toProto(c.plan()));
    byte[] tx = c.transactionId();
    if (tx != null) {
      b.setTransactionId(bytes(tx));
    }
    return AnyCodec.pack("CommandStatementSubstraitPlan", b.build());
  }

  /** The Any-wrapped {@code CommandStatementIngest}. */
  public static byte[] encode(StatementIngest c) {
    return AnyCodec.pack("CommandStatementIngest", SqlIngest.toProto(c));
  }

  /** The Any-wrapped {@code CommandPreparedStatementQuery}. */
  public static byte[] encode(PreparedStatementQuery c) {
    return AnyCodec.pack("CommandPreparedStatementQuery", CommandPreparedStatementQuery.newBuilder()
        .setPreparedStatementHandle(bytes(c.preparedStatementHandle())).build());
  }

  /** The Any-wrapped {@code CommandPreparedStatementUpdate}. */
  public static byte[] encode(PreparedStatementUpdate c) {
    return AnyCodec.pack("CommandPreparedStatementUpdate", CommandPreparedStatementUpdate.newBuilder()
        .setPreparedStatementHandle(bytes(c.preparedStatementHandle())).build());
  }

  /** The Any-wrapped {@code TicketStatementQuery}. */
  public static byte[] encode(TicketStatementQuery c) {
    return AnyCodec.pack("TicketStatementQuery", dev.flightwire.internal.proto.sql.TicketStatementQuery.newBuilder()
        .setStatementHandle(bytes(c.statementHandle())).build());
  }

  /** The Any-wrapped {@code CommandGetSqlInfo}. */
  public static byte[] encode(GetSqlInfo c) {
    return AnyCodec.pack("CommandGetSqlInfo", CommandGetSqlInfo.newBuilder().addAllInfo(c.info()).build());
  }

  /** The Any-wrapped {@code CommandGetXdbcTypeInfo}. */
  public static byte[] encode(GetXdbcTypeInfo c) {
    CommandGetXdbcTypeInfo.Builder b = CommandGetXdbcTypeInfo.newBuilder();
    if (c.dataType() != null) {
      b.setDataType(c.dataType());
    }
    return AnyCodec.pack("CommandGetXdbcTypeInfo", b.build());
  }

  /** The Any-wrapped {@code CommandGetCatalogs}. */
  public static byte[] encode(GetCatalogs c) {
    return AnyCodec.pack("CommandGetCatalogs", CommandGetCatalogs.getDefaultInstance());
  }

  /** The Any-wrapped {@code CommandGetDbSchemas}. */
  public static byte[] encode(GetDbSchemas c) {
    CommandGetDbSchemas.Builder b = CommandGetDbSchemas.newBuilder();
    if (c.catalog() != null) {
      b.setCatalog(c.catalog());
    }
    if (c.dbSchemaFilterPattern() != null) {
      b.setDbSchemaFilterPattern(c.dbSchemaFilterPattern());
    }
    return AnyCodec.pack("CommandGetDbSchemas", b.build());
  }

  /** The Any-wrapped {@code CommandGetTables}. */
  public static byte[] encode(GetTables c) {
    CommandGetTables.Builder b = CommandGetTables.newBuilder()
        .addAllTableTypes(c.tableTypes())
        .setIncludeSchema(c.includeSchema());
    if (c.catalog() != null) {
      b.setCatalog(c.catalog());
    }
    if (c.dbSchemaFilterPattern() != null) {
      b.setDbSchemaFilterPattern(c.dbSchemaFilterPattern());
    }
    if (c.tableNameFilterPattern() != null) {
      b.setTableNameFilterPattern(c.tableNameFilterPattern());
    }
    return AnyCodec.pack("CommandGetTables", b.build());
  }

  /** The Any-wrapped {@code CommandGetTableTypes}. */
  public static byte[] encode(GetTableTypes c) {
    return AnyCodec.pack("CommandGetTableTypes", CommandGetTableTypes.getDefaultInstance());
  }

  /** The Any-wrapped {@code CommandGetPrimaryKeys}. */
  public static byte[] encode(GetPrimaryKeys c) {
    CommandGetPrimaryKeys.Builder b = CommandGetPrimaryKeys.newBuilder().setTable(c.table());
    if (c.catalog() != null) {
      b.setCatalog(c.catalog());
    }
    if (c.dbSchema() != null) {
      b.setDbSchema(c.dbSchema());
    }
    return AnyCodec.pack("CommandGetPrimaryKeys", b.build());
  }

  /** The Any-wrapped {@code CommandGetExportedKeys}. */
  public static byte[] encode(GetExportedKeys c) {
    CommandGetExportedKeys.Builder b = CommandGetExportedKeys.newBuilder().setTable(c.table());
    if (c.catalog() != null) {
      b.setCatalog(c.catalog());
    }
    if (c.dbSchema() != null) {
      b.setDbSchema(c.dbSchema());
    }
    return AnyCodec.pack("CommandGetExportedKeys", b.build());
  }

  /** The Any-wrapped {@code CommandGetImportedKeys}. */
  public static byte[] encode(GetImportedKeys c) {
    CommandGetImportedKeys.Builder b = CommandGetImportedKeys.newBuilder().setTable(c.table());
    if (c.catalog() != null) {
      b.setCatalog(c.catalog());
    }
    if (c.dbSchema() != null) {
      b.setDbSchema(c.dbSchema());
    }
    return AnyCodec.pack("CommandGetImportedKeys", b.build());
  }

  /** The Any-wrapped {@code CommandGetCrossReference}. */
  public static byte[] encode(GetCrossReference c) {
    CommandGetCrossReference.Builder b = CommandGetCrossReference.newBuilder()
        .setPkTable(c.pkTable())
        .setFkTable(c.fkTable());
    if (c.pkCatalog() != null) {
      b.setPkCatalog(c.pkCatalog());
    }
    if (c.pkDbSchema() != null) {
      b.setPkDbSchema(c.pkDbSchema());
    }
    if (c.fkCatalog() != null) {
      b.setFkCatalog(c.fkCatalog());
    }
    if (c.fkDbSchema() != null) {
      b.setFkDbSchema(c.fkDbSchema());
    }
    return AnyCodec.pack("CommandGetCrossReference", b.build());
  }
}
