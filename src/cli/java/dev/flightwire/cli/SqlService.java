package dev.flightwire.cli;

import dev.flightwire.Action;
import dev.flightwire.ActionType;
import dev.flightwire.Criteria;
import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightMetadataWriter;
import dev.flightwire.FlightNotFoundError;
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
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
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
 * Prepared statements are in a concurrent map.
 *
 * <h3>Memory</h3>
 * Each query's result streams into a child allocator of the server's, closed with the stream;
 * metadata results and parameter batches use the server's allocator (borrowed).
 */
final class SqlService extends FlightSqlServerBase {
  /** A statement ticket's first byte: the query follows, run at DoGet. */
  private static final byte QUERY = 'Q';
  /** A statement ticket's first byte: the statement ran at GetFlightInfo; its update count follows. */
  private static final byte DONE = 'N';
  private static final Schema COUNT = new Schema(List.of(
      org.apache.arrow.vector.types.pojo.Field.nullable("Count", new org.apache.arrow.vector.types.pojo.ArrowType.Int(64, true))));

  private final SqlEngine engine;
  private final SqlTables tables;
  private final DirectoryService files;
  private final String engineVersion;
  private final ConcurrentHashMap<String, SqlPrepared> prepared = new ConcurrentHashMap<>();

  /**
   * @param engine the database; borrowed (the caller closes it after the server)
   * @param tables the directory's tables in it
   * @param files the directory service, for what is not SQL
   * @param allocator the server's allocator; borrowed
   */
  SqlService(SqlEngine engine, SqlTables tables, DirectoryService files, BufferAllocator allocator) throws SQLException {
    super(allocator);
    this.engine = engine;
    this.tables = tables;
    this.files = files;
    this.engineVersion = engine.version();
  }

  private DuckDBConnection connect() {
    try {
      return engine.connect();
    } catch (SQLException e) {
      throw SqlErrors.of(e);
    }
  }

  private BufferAllocator queryAllocator() {
    return allocator().newChildAllocator("sql-query-" + UUID.randomUUID(), 0, Long.MAX_VALUE);
  }

  @Override
  protected SqlInfoBuilder sqlInfo() {
    return super.sqlInfo()
        .withString(SqlInfo.FLIGHT_SQL_SERVER_NAME, "flightwire (DuckDB " + engineVersion + ")")
        .withBoolean(SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY, false)
        .withBoolean(SqlInfo.FLIGHT_SQL_SERVER_BULK_INGESTION, true)
        .withBoolean(SqlInfo.SQL_DDL_CATALOG, false)
        .withBoolean(SqlInfo.SQL_DDL_SCHEMA, true)
        .withBoolean(SqlInfo.SQL_DDL_TABLE, true)
        .withString(SqlInfo.SQL_IDENTIFIER_QUOTE_CHAR, "\"");
  }

  // --- statements ---------------------------------------------------------------------------

  @Override
  protected FlightInfo getFlightInfoStatement(ServerCallContext context, StatementQuery command,
      FlightDescriptor descriptor) {
    try (DuckDBConnection c = connect()) {
      SqlDescription d = SqlDescription.of(c, allocator(), command.query());
      if (!d.parameters().getFields().isEmpty()) {
        throw new FlightInvalidArgumentError("the statement has parameters: prepare it and bind them");
      }
      byte[] handle;
      Schema schema;
      if (d.returnsRows()) {
        handle = tagged(QUERY, command.query());
        schema = d.rows();
      } else {
        long count;
        try (Statement s = c.createStatement()) {
          s.execute(command.query());
          count = s.getUpdateCount();
        }
        handle = tagged(DONE, Long.toString(count));
        schema = COUNT;
      }
      Ticket ticket = new Ticket(new TicketStatementQuery(handle).toBytes());
      return new FlightInfo(schema, descriptor, List.of(new FlightEndpoint(ticket)), -1, -1, false, null);
    } catch (SQLException e) {
      throw SqlErrors.of(e);
    }
  }

  @Override
  protected SchemaResult getSchemaStatement(ServerCallContext context, StatementQuery command,
      FlightDescriptor descriptor) {
    try (DuckDBConnection c = connect()) {
      SqlDescription d = SqlDescription.of(c, allocator(), command.query());
      return new SchemaResult(d.returnsRows() ? d.rows() : COUNT);
    } catch (SQLException e) {
      throw SqlErrors.of(e);
    }
  }

  @Override
  protected FlightDataStream doGetStatement(ServerCallContext context, TicketStatementQuery ticket) {
    byte[] handle = ticket.statementHandle();
    if (handle.length == 0 || (handle[0] != QUERY && handle[0] != DONE)) {
      throw new FlightInvalidArgumentError("not a statement ticket of this server");
    }
    String text = new String(handle, 1, handle.length - 1, StandardCharsets.UTF_8);
    if (handle[0] == DONE) {
      return SqlCounts.stream(allocator(), COUNT, Long.parseLong(text));
    }
    return query(text, List.<Object[]>of(new Object[0]));
  }

  /** Streams {@code query}'s result, once per run (on a connection and allocator of its own). */
  private FlightDataStream query(String query, List<Object[]> runs) {
    DuckDBConnection c = connect();
    BufferAllocator a;
    try {
      a = queryAllocator();
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
    try {
      return SqlQueryStream.open(c, a, query, runs);
    } catch (SQLException e) {
      throw SqlErrors.of(e);
    }
  }

  @Override
  protected long doPutStatementUpdate(ServerCallContext context, StatementUpdate command, FlightStreamReader reader) {
    try (DuckDBConnection c = connect(); Statement s = c.createStatement()) {
      s.execute(command.query());
      return Math.max(0, s.getUpdateCount());
    } catch (SQLException e) {
      throw SqlErrors.of(e);
    }
  }

  @Override
  protected long doPutStatementIngest(ServerCallContext context, StatementIngest command, FlightStreamReader reader) {
    try (DuckDBConnection c = connect()) {
      return SqlIngest.ingest(c, allocator(), command, reader);
    } catch (SQLException e) {
      throw SqlErrors.of(e);
    }
  }

  // --- prepared statements ------------------------------------------------------------------

  @Override
  protected CreatePreparedStatementResult createPreparedStatement(ServerCallContext context,
      CreatePreparedStatementRequest request) {
    SqlDescription d;
    try (DuckDBConnection c = connect()) {
      d = SqlDescription.of(c, allocator(), request.query());
    } catch (SQLException e) {
      throw SqlErrors.of(e);
    }
    String id = UUID.randomUUID().toString();
    prepared.put(id, new SqlPrepared(request.query(), d));
    byte[] rows = d.returnsRows() ? d.rows().serializeAsMessage() : new byte[0];
    byte[] parameters = d.parameters().getFields().isEmpty() ? new byte[0] : d.parameters().serializeAsMessage();
    return new CreatePreparedStatementResult(id.getBytes(StandardCharsets.UTF_8), rows, parameters);
  }

  private SqlPrepared preparedOf(byte[] handle) {
    SqlPrepared p = prepared.get(new String(handle, StandardCharsets.UTF_8));
    if (p == null) {
      throw new FlightNotFoundError("no prepared statement with this handle (closed?)");
    }
    return p;
  }

  @Override
  protected void closePreparedStatement(ServerCallContext context, ClosePreparedStatementRequest request) {
    prepared.remove(new String(request.preparedStatementHandle(), StandardCharsets.UTF_8));
  }

  @Override
  protected DoPutPreparedStatementResult doPutPreparedStatementQuery(ServerCallContext context,
      PreparedStatementQuery command, FlightStreamReader reader) {
    SqlPrepared p = preparedOf(command.preparedStatementHandle());
    p.bind(parameterRows(reader));
    return null;
  }

  private static List<Object[]> parameterRows(FlightStreamReader reader) {
    List<Object[]> rows = new ArrayList<>();
    while (reader.next()) {
      rows.addAll(SqlParameters.rowsOf(reader.root()));
    }
    return rows;
  }

  @Override
  protected FlightInfo getFlightInfoPreparedStatement(ServerCallContext context, PreparedStatementQuery command,
      FlightDescriptor descriptor) {
    SqlPrepared p = preparedOf(command.preparedStatementHandle());
    if (!p.description().returnsRows()) {
      throw new FlightInvalidArgumentError("the prepared statement returns no rows: run it as an update");
    }
    Ticket ticket = new Ticket(command.toBytes());
    return new FlightInfo(p.description().rows(), descriptor, List.of(new FlightEndpoint(ticket)), -1, -1, false,
        null);
  }

  @Override
  protected SchemaResult getSchemaPreparedStatement(ServerCallContext context, PreparedStatementQuery command,
      FlightDescriptor descriptor) {
    SqlPrepared p = preparedOf(command.preparedStatementHandle());
    return new SchemaResult(p.description().returnsRows() ? p.description().rows() : COUNT);
  }

  @Override
  protected FlightDataStream doGetPreparedStatement(ServerCallContext context, PreparedStatementQuery command) {
    SqlPrepared p = preparedOf(command.preparedStatementHandle());
    return query(p.query(), p.runs());
  }

  @Override
  protected long doPutPreparedStatementUpdate(ServerCallContext context, PreparedStatementUpdate command,
      FlightStreamReader reader) {
    SqlPrepared p = preparedOf(command.preparedStatementHandle());
    List<Object[]> runs = parameterRows(reader);
    int wanted = p.description().parameters().getFields().size();
    if (runs.isEmpty()) {
      if (wanted > 0) {
        throw new FlightInvalidArgumentError("the statement takes " + wanted + " parameters; no rows of values came");
      }
      runs.add(new Object[0]);
    }
    long total = 0;
    try (DuckDBConnection c = connect(); PreparedStatement s = c.prepareStatement(p.query())) {
      for (Object[] run : runs) {
        SqlParameters.bind(s, run);
        s.execute();
        total += Math.max(0, s.getUpdateCount());
      }
      return total;
    } catch (SQLException e) {
      throw SqlErrors.of(e);
    }
  }

  // --- metadata -----------------------------------------------------------------------------

  @Override
  protected FlightInfo getFlightInfoCatalogs(ServerCallContext context, GetCatalogs command, FlightDescriptor d) {
    return flightInfoForCommand(command, d);
  }

  @Override
  protected FlightDataStream doGetCatalogs(ServerCallContext context, GetCatalogs command) {
    try (DuckDBConnection c = connect()) {
      return SqlMetadata.catalogs(c, allocator());
    } catch (SQLException e) {
      throw SqlErrors.of(e);
    }
  }

  @Override
  protected FlightInfo getFlightInfoSchemas(ServerCallContext context, GetDbSchemas command, FlightDescriptor d) {
    return flightInfoForCommand(command, d);
  }

  @Override
  protected FlightDataStream doGetDbSchemas(ServerCallContext context, GetDbSchemas command) {
    try (DuckDBConnection c = connect()) {
      return SqlMetadata.dbSchemas(c, allocator(), command);
    } catch (SQLException e) {
      throw SqlErrors.of(e);
    }
  }

  @Override
  protected FlightInfo getFlightInfoTables(ServerCallContext context, GetTables command, FlightDescriptor d) {
    return flightInfoForCommand(command, d);
  }

  @Override
  protected FlightDataStream doGetTables(ServerCallContext context, GetTables command) {
    try (DuckDBConnection c = connect()) {
      return SqlMetadata.tables(c, allocator(), command);
    } catch (SQLException e) {
      throw SqlErrors.of(e);
    }
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
    try (DuckDBConnection c = connect()) {
      return SqlMetadata.primaryKeys(c, allocator(), command);
    } catch (SQLException e) {
      throw SqlErrors.of(e);
    }
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

  /** The directory's actions; a delete or a commit reloads the tables it touches. */
  @Override
  protected Iterable<Result> doCustomAction(ServerCallContext context, Action action) {
    Iterable<Result> results = files.doAction(context, action);
    String problem = null;
    if (action.type().equals("delete")) {
      problem = tables.reload(List.of(action.bodyAsString().trim().split("/", -1)));
    } else if (action.type().equals("write-commit")) {
      try {
        List<String> problems = tables.loadAll();
        problem = problems.isEmpty() ? null : String.join("; ", problems);
      } catch (java.io.IOException e) {
        problem = Failures.message(e);
      }
    }
    if (problem != null) {
      throw new dev.flightwire.FlightInternalError(action.type() + " done, but the tables were not all reloaded: "
          + problem);
    }
    return results;
  }

  /** A statement ticket's handle: the tag byte, then {@code text} in UTF-8. */
  private static byte[] tagged(byte tag, String text) {
    byte[] t = text.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[t.length + 1];
    out[0] = tag;
    System.arraycopy(t, 0, out, 1, t.length);
    return out;
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // reported: the failure that made us close it
    }
  }
}
