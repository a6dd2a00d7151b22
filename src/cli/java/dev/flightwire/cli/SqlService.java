package dev.flightwire.cli;

import dev.flightwire.Action;
import dev.flightwire.ActionType;
import dev.flightwire.Criteria;
import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightMetadataWriter;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.FlightStreamWriter;
import dev.flightwire.Result;
import dev.flightwire.SchemaResult;
import dev.flightwire.ServerCallContext;
import dev.flightwire.Ticket;
import dev.flightwire.sql.ClosePreparedStatementRequest;
import dev.flightwire.sql.CreatePreparedStatementRequest;
import dev.flightwire.sql.CreatePreparedStatementResult;
import dev.flightwire.sql.DoPutPreparedStatementResult;
import dev.flightwire.sql.FlightSqlCommand;
import dev.flightwire.sql.FlightSqlServerBase;
import dev.flightwire.sql.GetCatalogs;
import dev.flightwire.sql.GetCrossReference;
import dev.flightwire.sql.GetDbSchemas;
import dev.flightwire.sql.GetExportedKeys;
import dev.flightwire.sql.GetImportedKeys;
import dev.flightwire.sql.GetPrimaryKeys;
import dev.flightwire.sql.GetTableTypes;
import dev.flightwire.sql.GetTables;
import dev.flightwire.sql.GetXdbcTypeInfo;
import dev.flightwire.sql.PreparedStatementQuery;
import dev.flightwire.sql.PreparedStatementUpdate;
import dev.flightwire.sql.SqlInfo;
import dev.flightwire.sql.SqlInfoBuilder;
import dev.flightwire.sql.StatementIngest;
import dev.flightwire.sql.StatementQuery;
import dev.flightwire.sql.StatementUpdate;
import dev.flightwire.sql.TicketStatementQuery;
import java.sql.SQLException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.duckdb.DuckDBConnection;

/**
 * {@code serve --sql --dir DIR}: the flights of {@code serve --dir} as tables of an embedded SQL
 * engine ({@link SqlEngine}, {@link SqlTables}), served as Flight SQL, so that the Arrow Flight SQL
 * JDBC driver, ADBC and the tools on them query it. Queries, updates (in the engine's memory; the
 * files never change), prepared statements with parameters, bulk ingestion, and the metadata
 * commands (catalogs, schemas, tables with their schemas, table types, primary keys; no foreign
 * keys, no XDBC types listed). Everything else of {@code serve --dir} is kept: path descriptors,
 * tickets that are file paths, uploads (which become tables too), scans, exchange and the
 * directory's actions go to the {@link DirectoryService}.
 *
 * <h3>Threading</h3>
 * Calls run on the server's executor, many at once. Each call that reaches the engine takes a
 * connection of its own and closes it when it ends (a query's DoGet when its stream closes).
 * Statements and prepared statements: {@link SqlStatements}.
 *
 * <h3>Memory</h3>
 * Each query's result streams into a child allocator of the server's, closed with the stream;
 * metadata results and parameter batches use the server's allocator (borrowed).
 */
final class SqlService extends FlightSqlServerBase {
  private final SqlStatements statements;
  private final SqlTables tables;
  private final DirectoryService files;
  private final String engineVersion;

  /**
   * @param engine the database; borrowed (the caller closes it after the server)
   * @param tables the directory's tables in it
   * @param files the directory service, for what is not SQL
   * @param allocator the server's allocator; borrowed
   */
  SqlService(SqlEngine engine, SqlTables tables, DirectoryService files, BufferAllocator allocator) throws SQLException {
    super(allocator);
    this.statements = new SqlStatements(engine, allocator);
    this.tables = tables;
    this.files = files;
    this.engineVersion = engine.version();
  }

  /** A metadata result read on a connection of its own (closed before return). */
  private FlightDataStream metadata(MetadataQuery query) {
    try (DuckDBConnection c = connect()) {
      return query.run(c);
    } catch (SQLException e) {
      throw SqlErrors.of(e);
    }
  }

  private interface MetadataQuery {
    FlightDataStream run(DuckDBConnection c) throws SQLException;
  }

  private DuckDBConnection connect() {
    return statements.connect();
  }

  /** How many of the engine connections the calls took are still open (0 when no call runs). */
  int openConnections() {
    return statements.openConnections();
  }

  @Override
  protected SqlInfoBuilder sqlInfo() {
    SqlInfoBuilder info = super.sqlInfo()
        .withString(SqlInfo.FLIGHT_SQL_SERVER_NAME, "flightwire (DuckDB " + engineVersion + ")")
        .withBoolean(SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY, false)
        .withBoolean(SqlInfo.FLIGHT_SQL_SERVER_BULK_INGESTION, true)
        .withBoolean(SqlInfo.SQL_DDL_CATALOG, false)
        .withBoolean(SqlInfo.SQL_DDL_SCHEMA, true)
        .withBoolean(SqlInfo.SQL_DDL_TABLE, true)
        .withString(SqlInfo.SQL_IDENTIFIER_QUOTE_CHAR, "\"")
        .withInt32Bitmask(SqlInfo.FLIGHT_SQL_SERVER_TRANSACTION, 0)
        .withBoolean(SqlInfo.FLIGHT_SQL_SERVER_CANCEL, false)
        .withBoolean(SqlInfo.FLIGHT_SQL_SERVER_INGEST_TRANSACTIONS_SUPPORTED, false)
        .withLong(SqlInfo.FLIGHT_SQL_SERVER_STATEMENT_TIMEOUT, 0)
        .withLong(SqlInfo.FLIGHT_SQL_SERVER_TRANSACTION_TIMEOUT, 0);
    SqlDialectInfo.addTo(info);
    return info;
  }

  // --- statements (SqlStatements) ---------------------------------------------------------

  @Override
  protected FlightInfo getFlightInfoStatement(ServerCallContext context, StatementQuery command,
      FlightDescriptor descriptor) {
    return statements.statementInfo(command, descriptor, SqlCancel.of(context));
  }

  @Override
  protected SchemaResult getSchemaStatement(ServerCallContext context, StatementQuery command,
      FlightDescriptor descriptor) {
    return statements.statementSchema(command);
  }

  @Override
  protected FlightDataStream doGetStatement(ServerCallContext context, TicketStatementQuery ticket) {
    return statements.statementResult(ticket, SqlCancel.of(context));
  }

  @Override
  protected long doPutStatementUpdate(ServerCallContext context, StatementUpdate command, FlightStreamReader reader) {
    return statements.update(command, SqlCancel.of(context));
  }

  @Override
  protected long doPutStatementIngest(ServerCallContext context, StatementIngest command, FlightStreamReader reader) {
    return statements.ingest(command, reader);
  }

  @Override
  protected CreatePreparedStatementResult createPreparedStatement(ServerCallContext context,
      CreatePreparedStatementRequest request) {
    return statements.prepare(request);
  }

  @Override
  protected void closePreparedStatement(ServerCallContext context, ClosePreparedStatementRequest request) {
    statements.close(request);
  }

  /** Binds the parameters and keeps the handle (no PutResult). */
  @Override
  protected DoPutPreparedStatementResult doPutPreparedStatementQuery(ServerCallContext context,
      PreparedStatementQuery command, FlightStreamReader reader) {
    statements.bind(command, reader);
    return null;
  }

  @Override
  protected FlightInfo getFlightInfoPreparedStatement(ServerCallContext context, PreparedStatementQuery command,
      FlightDescriptor descriptor) {
    return statements.preparedInfo(command, descriptor);
  }

  @Override
  protected SchemaResult getSchemaPreparedStatement(ServerCallContext context, PreparedStatementQuery command,
      FlightDescriptor descriptor) {
    return statements.preparedSchema(command);
  }

  @Override
  protected FlightDataStream doGetPreparedStatement(ServerCallContext context, PreparedStatementQuery command) {
    return statements.preparedResult(command, SqlCancel.of(context));
  }

  @Override
  protected long doPutPreparedStatementUpdate(ServerCallContext context, PreparedStatementUpdate command,
      FlightStreamReader reader) {
    return statements.preparedUpdate(command, reader, SqlCancel.of(context));
  }

  // --- metadata -----------------------------------------------------------------------------

  @Override
  protected FlightInfo getFlightInfoCatalogs(ServerCallContext context, GetCatalogs command, FlightDescriptor d) {
    return flightInfoForCommand(command, d);
  }

  @Override
  protected FlightDataStream doGetCatalogs(ServerCallContext context, GetCatalogs command) {
    return metadata(c -> SqlMetadata.catalogs(c, allocator()));
  }

  @Override
  protected FlightInfo getFlightInfoSchemas(ServerCallContext context, GetDbSchemas command, FlightDescriptor d) {
    return flightInfoForCommand(command, d);
  }

  @Override
  protected FlightDataStream doGetDbSchemas(ServerCallContext context, GetDbSchemas command) {
    return metadata(c -> SqlMetadata.dbSchemas(c, allocator(), command));
  }

  @Override
  protected FlightInfo getFlightInfoTables(ServerCallContext context, GetTables command, FlightDescriptor d) {
    return flightInfoForCommand(command, d);
  }

  @Override
  protected FlightDataStream doGetTables(ServerCallContext context, GetTables command) {
    return metadata(c -> SqlMetadata.tables(c, allocator(), command));
  }

  @Override
  protected FlightInfo getFlightInfoTableTypes(ServerCallContext context, GetTableTypes command, FlightDescriptor d) {
    return flightInfoForCommand(command, d);
  }

  @Override
  protected FlightDataStream doGetTableTypes(ServerCallContext context, GetTableTypes command) {
    return SqlMetadata.tableTypes(allocator());
  }

  @Override
  protected FlightInfo getFlightInfoPrimaryKeys(ServerCallContext context, GetPrimaryKeys command,
      FlightDescriptor d) {
    return flightInfoForCommand(command, d);
  }

  @Override
  protected FlightDataStream doGetPrimaryKeys(ServerCallContext context, GetPrimaryKeys command) {
    return metadata(c -> SqlMetadata.primaryKeys(c, allocator(), command));
  }

  @Override
  protected FlightInfo getFlightInfoExportedKeys(ServerCallContext context, GetExportedKeys command,
      FlightDescriptor d) {
    return flightInfoForCommand(command, d);
  }

  @Override
  protected FlightDataStream doGetExportedKeys(ServerCallContext context, GetExportedKeys command) {
    return SqlMetadata.noKeys(allocator());
  }

  @Override
  protected FlightInfo getFlightInfoImportedKeys(ServerCallContext context, GetImportedKeys command,
      FlightDescriptor d) {
    return flightInfoForCommand(command, d);
  }

  @Override
  protected FlightDataStream doGetImportedKeys(ServerCallContext context, GetImportedKeys command) {
    return SqlMetadata.noKeys(allocator());
  }

  @Override
  protected FlightInfo getFlightInfoCrossReference(ServerCallContext context, GetCrossReference command,
      FlightDescriptor d) {
    return flightInfoForCommand(command, d);
  }

  @Override
  protected FlightDataStream doGetCrossReference(ServerCallContext context, GetCrossReference command) {
    return SqlMetadata.noKeys(allocator());
  }

  @Override
  protected FlightInfo getFlightInfoTypeInfo(ServerCallContext context, GetXdbcTypeInfo command, FlightDescriptor d) {
    return flightInfoForCommand(command, d);
  }

  @Override
  protected FlightDataStream doGetTypeInfo(ServerCallContext context, GetXdbcTypeInfo command) {
    return SqlMetadata.noTypeInfo(allocator());
  }

  // --- the directory service, for what is not Flight SQL ------------------------------------

  /** Whether a descriptor is the directory service's: a path, or a command that is not Flight SQL (a scan). */
  private static boolean isFiles(FlightDescriptor descriptor) {
    return descriptor.isPath() || !isSql(descriptor.command());
  }

  private static boolean isSql(byte[] bytes) {
    try {
      FlightSqlCommand.parse(bytes);
      return true;
    } catch (RuntimeException notSql) {
      return false;
    }
  }

  @Override
  public Iterable<FlightInfo> listFlights(ServerCallContext context, Criteria criteria) {
    return files.listFlights(context, criteria);
  }

  @Override
  public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
    return isFiles(descriptor) ? files.getFlightInfo(context, descriptor) : super.getFlightInfo(context, descriptor);
  }

  @Override
  public SchemaResult getSchema(ServerCallContext context, FlightDescriptor descriptor) {
    return isFiles(descriptor) ? files.getSchema(context, descriptor) : super.getSchema(context, descriptor);
  }

  @Override
  public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
    return isSql(ticket.ticket()) ? super.doGet(context, ticket) : files.doGet(context, ticket);
  }

  /** Uploads to a path are stored as by {@code serve --dir}, then loaded as a table. */
  @Override
  public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
      FlightMetadataWriter writer) {
    if (!isFiles(descriptor)) {
      super.doPut(context, descriptor, reader, writer);
      return;
    }
    files.doPut(context, descriptor, reader, writer);
    if (descriptor.isPath() && !StagedWrites.isStaged(descriptor.path())) {
      String problem = tables.reload(descriptor.path());
      if (problem != null) {
        throw new dev.flightwire.FlightInternalError("stored, but not loaded as a table: " + problem);
      }
    }
  }

  @Override
  public void doExchange(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
      FlightStreamWriter writer) {
    files.doExchange(context, descriptor, reader, writer);
  }

  @Override
  protected Iterable<ActionType> customActionTypes(ServerCallContext context) {
    return files.listActions(context);
  }

  /**
   * The directory's actions. A delete drops the table loaded from the deleted flight (by the
   * file it came from, whatever name the body gives it); a commit reloads the committed flight's
   * table only (other tables, and what SQL did to them, stay as they are), and drops the tables of
   * flights whose files are gone.
   */
  @Override
  protected Iterable<Result> doCustomAction(ServerCallContext context, Action action) {
    Iterable<Result> results = files.doAction(context, action);
    String problem = null;
    if (action.type().equals("delete")) {
      problem = tables.dropVanished();
    } else if (action.type().equals("write-commit")) {
      String loading = tables.reload(committedPath(action.bodyAsString()));
      String dropping = tables.dropVanished();
      problem = loading == null ? dropping : dropping == null ? loading : loading + "; " + dropping;
    }
    if (problem != null) {
      throw new dev.flightwire.FlightInternalError(action.type() + " done, but the tables were not all reloaded: "
          + problem);
    }
    return results;
  }

  /** The flight path of a write-commit's body, which the commit has accepted. */
  private static List<String> committedPath(String body) {
    try {
      if (Json.parse(body) instanceof java.util.Map<?, ?> m && m.get("path") instanceof List<?> path) {
        return path.stream().map(String::valueOf).toList();
      }
    } catch (Json.ParseException e) {
      // not after a successful commit
    }
    throw new dev.flightwire.FlightInternalError("write-commit done, but its path could not be read again");
  }
}
