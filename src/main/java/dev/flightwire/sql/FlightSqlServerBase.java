package dev.flightwire.sql;

import dev.flightwire.Action;
import dev.flightwire.ActionType;
import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightMetadataWriter;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.FlightUnimplementedError;
import dev.flightwire.Result;
import dev.flightwire.SchemaResult;
import dev.flightwire.ServerCallContext;
import dev.flightwire.Ticket;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A Flight SQL service: the Flight RPCs decode the Flight SQL command in the descriptor, ticket
 * or action body and call one method per command, in the way of Arrow Java's
 * {@code FlightSqlProducer}. Override the methods of the commands the service supports; the
 * others answer UNIMPLEMENTED naming the command ("GetFlightInfo of CommandGetTables is not
 * implemented by this server").
 *
 * <h2>Flow of a query</h2>
 * <ul>
 *   <li>GetFlightInfo with a {@link StatementQuery} calls {@link #getFlightInfoStatement}; its
 *       endpoints' tickets are usually {@link TicketStatementQuery}s, which DoGet passes to
 *       {@link #doGetStatement}.
 *   <li>GetFlightInfo with a metadata command ({@link GetTables}, ...) calls
 *       {@code getFlightInfoTables} and so on; by convention the endpoint's ticket is the command
 *       itself ({@link #flightInfoForCommand}), and DoGet passes it to {@code doGetTables}.
 *   <li>Updates and ingestion are DoPuts: the server calls {@link #doPutStatementUpdate} (and so
 *       on) and answers the row count in one PutResult.
 *   <li>Prepared statements and transactions are DoActions ({@link FlightSqlActions}).
 * </ul>
 *
 * <h2>Errors</h2>
 * A descriptor that is a path, or bytes that are not a Flight SQL command, or a command sent to
 * an RPC it does not belong to, fails with INVALID_ARGUMENT before any method is called. The
 * threading and error rules of {@link FlightServerBase} apply to every method.
 *
 * <h2>Overriding the RPCs</h2>
 * The Flight RPC methods ({@link #getFlightInfo}, {@link #doGet}, ...) do the decoding. A service
 * that overrides one of them (to serve paths as well, say) must call {@code super} for Flight SQL
 * commands. Action types of the service's own go to {@link #doCustomAction} and are listed by
 * {@link #customActionTypes}.
 */
public abstract class FlightSqlServerBase extends FlightServerBase {
  private static final List<ActionType> SQL_ACTIONS = List.of(
      new ActionType(FlightSqlActions.CREATE_PREPARED_STATEMENT,
          "Creates a reusable prepared statement resource on the server.\n"
              + "Request Message: ActionCreatePreparedStatementRequest\n"
              + "Response Message: ActionCreatePreparedStatementResult"),
      new ActionType(FlightSqlActions.CLOSE_PREPARED_STATEMENT,
          "Closes a reusable prepared statement resource on the server.\n"
              + "Request Message: ActionClosePreparedStatementRequest\n"
              + "Response Message: N/A"),
      new ActionType(FlightSqlActions.CREATE_PREPARED_SUBSTRAIT_PLAN,
          "Creates a reusable prepared statement resource on the server from a Substrait plan.\n"
              + "Request Message: ActionCreatePreparedSubstraitPlanRequest\n"
              + "Response Message: ActionCreatePreparedStatementResult"),
      new ActionType(FlightSqlActions.BEGIN_TRANSACTION,
          "Begins a transaction.\n"
              + "Request Message: ActionBeginTransactionRequest\n"
              + "Response Message: ActionBeginTransactionResult"),
      new ActionType(FlightSqlActions.BEGIN_SAVEPOINT,
          "Creates a savepoint within a transaction.\n"
              + "Request Message: ActionBeginSavepointRequest\n"
              + "Response Message: ActionBeginSavepointResult"),
      new ActionType(FlightSqlActions.END_TRANSACTION,
          "Commits or rolls back a transaction.\n"
              + "Request Message: ActionEndTransactionRequest\n"
              + "Response Message: N/A"),
      new ActionType(FlightSqlActions.END_SAVEPOINT,
          "Releases or rolls back to a savepoint.\n"
              + "Request Message: ActionEndSavepointRequest\n"
              + "Response Message: N/A"),
      new ActionType(FlightSqlActions.CANCEL_QUERY,
          "Cancels a query (deprecated in favour of CancelFlightInfo).\n"
              + "Request Message: ActionCancelQueryRequest\n"
              + "Response Message: ActionCancelQueryResult"));

  private final BufferAllocator allocator;

  /**
   * For subclasses.
   *
   * @param allocator where the default GetSqlInfo results are allocated; borrowed: it must stay
   *     open while the service serves
   */
  protected FlightSqlServerBase(BufferAllocator allocator) {
    this.allocator = Objects.requireNonNull(allocator, "allocator");
  }

  /**
   * The allocator given to the constructor.
   *
   * @return the allocator; borrowed
   */
  protected final BufferAllocator allocator() {
    return allocator;
  }

  // ---------------------------------------------------------------------------------------------
  // The Flight RPCs: decoding and dispatch
  // ---------------------------------------------------------------------------------------------

  /** Decodes the command and calls its {@code getFlightInfo...} method. */
  @Override
  public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
    FlightSqlCommand command = commandOf(descriptor, "GetFlightInfo");
    if (command instanceof StatementQuery c) {
      return getFlightInfoStatement(context, c, descriptor);
    } else if (command instanceof StatementSubstraitPlan c) {
      return getFlightInfoSubstraitPlan(context, c, descriptor);
    } else if (command instanceof PreparedStatementQuery c) {
      return getFlightInfoPreparedStatement(context, c, descriptor);
    } else if (command instanceof GetSqlInfo c) {
      return getFlightInfoSqlInfo(context, c, descriptor);
    } else if (command instanceof GetXdbcTypeInfo c) {
      return getFlightInfoTypeInfo(context, c, descriptor);
    } else if (command instanceof GetCatalogs c) {
      return getFlightInfoCatalogs(context, c, descriptor);
    } else if (command instanceof GetDbSchemas c) {
      return getFlightInfoSchemas(context, c, descriptor);
    } else if (command instanceof GetTables c) {
      return getFlightInfoTables(context, c, descriptor);
    } else if (command instanceof GetTableTypes c) {
      return getFlightInfoTableTypes(context, c, descriptor);
    } else if (command instanceof GetPrimaryKeys c) {
      return getFlightInfoPrimaryKeys(context, c, descriptor);
    } else if (command instanceof GetExportedKeys c) {
      return getFlightInfoExportedKeys(context, c, descriptor);
    } else if (command instanceof GetImportedKeys c) {
      return getFlightInfoImportedKeys(context, c, descriptor);
    } else if (command instanceof GetCrossReference c) {
      return getFlightInfoCrossReference(context, c, descriptor);
    }
    throw wrongRpc(command, "GetFlightInfo");
  }

  /**
   * The fixed schema of a metadata command; for a statement, a Substrait plan or a prepared
   * statement, what {@link #getSchemaStatement} (and so on) answers.
   */
  @Override
  public SchemaResult getSchema(ServerCallContext context, FlightDescriptor descriptor) {
    FlightSqlCommand command = commandOf(descriptor, "GetSchema");
    if (command instanceof StatementQuery c) {
      return getSchemaStatement(context, c, descriptor);
    } else if (command instanceof StatementSubstraitPlan c) {
      return getSchemaSubstraitPlan(context, c, descriptor);
    } else if (command instanceof PreparedStatementQuery c) {
      return getSchemaPreparedStatement(context, c, descriptor);
    }
    Schema fixed = FlightSqlSchemas.of(command);
    if (fixed == null) {
      throw wrongRpc(command, "GetSchema");
    }
    return new SchemaResult(fixed);
  }

  /** Decodes the ticket and calls its {@code doGet...} method. */
  @Override
  public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
    FlightSqlCommand command = FlightSqlCommand.parse(ticket.ticket());
    if (command instanceof TicketStatementQuery c) {
      return doGetStatement(context, c);
    } else if (command instanceof PreparedStatementQuery c) {
      return doGetPreparedStatement(context, c);
    } else if (command instanceof GetSqlInfo c) {
      return doGetSqlInfo(context, c);
    } else if (command instanceof GetXdbcTypeInfo c) {
      return doGetTypeInfo(context, c);
    } else if (command instanceof GetCatalogs c) {
      return doGetCatalogs(context, c);
    } else if (command instanceof GetDbSchemas c) {
      return doGetDbSchemas(context, c);
    } else if (command instanceof GetTables c) {
      return doGetTables(context, c);
    } else if (command instanceof GetTableTypes c) {
      return doGetTableTypes(context, c);
    } else if (command instanceof GetPrimaryKeys c) {
      return doGetPrimaryKeys(context, c);
    } else if (command instanceof GetExportedKeys c) {
      return doGetExportedKeys(context, c);
    } else if (command instanceof GetImportedKeys c) {
      return doGetImportedKeys(context, c);
    } else if (command instanceof GetCrossReference c) {
      return doGetCrossReference(context, c);
    }
    throw wrongRpc(command, "DoGet");
  }

  /**
   * Decodes the descriptor's command and calls its {@code doPut...} method. For updates and
   * ingestion the server then sends one PutResult whose app_metadata is the
   * {@link DoPutUpdateResult} as a bare protobuf message ({@link DoPutUpdateResult#toBytes()}),
   * as Arrow Java's servers do; for parameter binding, the {@link DoPutPreparedStatementResult}
   * the method returns, if any, likewise.
   */
  @Override
  public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
      FlightMetadataWriter writer) {
    FlightSqlCommand command = commandOf(descriptor, "DoPut");
    long count;
    if (command instanceof StatementUpdate c) {
      count = doPutStatementUpdate(context, c, reader);
    } else if (command instanceof PreparedStatementUpdate c) {
      count = doPutPreparedStatementUpdate(context, c, reader);
    } else if (command instanceof StatementIngest c) {
      count = doPutStatementIngest(context, c, reader);
    } else if (command instanceof StatementSubstraitPlan c) {
      count = doPutSubstraitPlanUpdate(context, c, reader);
    } else if (command instanceof PreparedStatementQuery c) {
      DoPutPreparedStatementResult result = doPutPreparedStatementQuery(context, c, reader);
      if (result != null) {
        writer.write(result.toBytes());
      }
      return;
    } else {
      throw wrongRpc(command, "DoPut");
    }
    writer.write(new DoPutUpdateResult(count).toBytes());
  }

  /**
   * Decodes a Flight SQL action's body and calls its method; the result, if the action has one,
   * goes back as one {@link Result} whose body is the Any-wrapped result message (its
   * {@code toBytes()}). Other action types go to {@link #doCustomAction}.
   */
  @Override
  public Iterable<Result> doAction(ServerCallContext context, Action action) {
    byte[] body = action.body();
    switch (action.type()) {
      case FlightSqlActions.CREATE_PREPARED_STATEMENT:
        return one(createPreparedStatement(context, CreatePreparedStatementRequest.parse(body)).toBytes());
      case FlightSqlActions.CREATE_PREPARED_SUBSTRAIT_PLAN:
        return one(createPreparedSubstraitPlan(context, CreatePreparedSubstraitPlanRequest.parse(body)).toBytes());
      case FlightSqlActions.CLOSE_PREPARED_STATEMENT:
        closePreparedStatement(context, ClosePreparedStatementRequest.parse(body));
        return List.of();
      case FlightSqlActions.BEGIN_TRANSACTION:
        return one(beginTransaction(context, BeginTransactionRequest.parse(body)).toBytes());
      case FlightSqlActions.BEGIN_SAVEPOINT:
        return one(beginSavepoint(context, BeginSavepointRequest.parse(body)).toBytes());
      case FlightSqlActions.END_TRANSACTION:
        endTransaction(context, EndTransactionRequest.parse(body));
        return List.of();
      case FlightSqlActions.END_SAVEPOINT:
        endSavepoint(context, EndSavepointRequest.parse(body));
        return List.of();
      case FlightSqlActions.CANCEL_QUERY:
        return one(cancelQuery(context, CancelQueryRequest.parse(body)).toBytes());
      default:
        return doCustomAction(context, action);
    }
  }

  /** The Flight SQL action types, with descriptions, then {@link #customActionTypes}. */
  @Override
  public Iterable<ActionType> listActions(ServerCallContext context) {
    List<ActionType> all = new ArrayList<>(SQL_ACTIONS);
    customActionTypes(context).forEach(all::add);
    return all;
  }

  /**
   * An action whose type is not a Flight SQL one. The default answers UNIMPLEMENTED
   * ("unknown action"), as {@link FlightServerBase#doAction} does.
   *
   * @param context the call's context
   * @param action the action
   * @return the results, or null for none
   */
  protected Iterable<Result> doCustomAction(ServerCallContext context, Action action) {
    return super.doAction(context, action);
  }

  /**
   * The service's own action types, listed after the Flight SQL ones. The default lists none.
   *
   * @param context the call's context
   * @return the action types; not null
   */
  protected Iterable<ActionType> customActionTypes(ServerCallContext context) {
    return List.of();
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers
  // ---------------------------------------------------------------------------------------------

  /**
   * A FlightInfo for a metadata command, by the convention of Flight SQL servers: the command's
   * fixed result schema ({@link FlightSqlSchemas#of}) and one endpoint, at this server, whose
   * ticket is the command's bytes, which {@link #doGet} decodes back into the command.
   *
   * @param command a metadata command (one with a fixed result schema)
   * @param descriptor the descriptor the client sent
   * @return the FlightInfo, with unknown record and byte counts
   * @throws IllegalArgumentException when the command has no fixed result schema
   */
  protected static FlightInfo flightInfoForCommand(FlightSqlCommand command, FlightDescriptor descriptor) {
    Schema schema = FlightSqlSchemas.of(command);
    if (schema == null) {
      throw new IllegalArgumentException(SqlNames.of(command) + " has no fixed result schema");
    }
    return new FlightInfo(schema, descriptor, List.of(new FlightEndpoint(new Ticket(command.toBytes()))));
  }

  /**
   * The server information GetSqlInfo answers by default ({@link #getFlightInfoSqlInfo},
   * {@link #doGetSqlInfo}). The default: server name "flightwire", its version, the Arrow
   * version, SQL supported, and, from what the service overrides: read-only unless
   * it overrides a DoPut update method ({@link #doPutStatementUpdate},
   * {@link #doPutPreparedStatementUpdate}, {@link #doPutStatementIngest},
   * {@link #doPutSubstraitPlanUpdate}), bulk ingestion if it overrides
   * {@link #doPutStatementIngest}, transactions if it overrides {@link #beginTransaction} (with
   * savepoints if also {@link #beginSavepoint}), cancellation if it overrides
   * {@link #cancelQuery}, Substrait if it overrides {@link #getFlightInfoSubstraitPlan} (an
   * override that only calls {@code super} counts too): a new builder on each call. Override to
   * describe the service (calling {@code super.sqlInfo()} and adding to it, or not); a builder set
   * up once may be returned on every call.
   *
   * @return the information; not null
   */
  protected SqlInfoBuilder sqlInfo() {
    return DefaultSqlInfo.create(this);
  }

  private static Iterable<Result> one(byte[] body) {
    return List.of(new Result(body));
  }

  private static FlightSqlCommand commandOf(FlightDescriptor descriptor, String rpc) {
    if (!descriptor.isCommand()) {
      throw new FlightInvalidArgumentError(rpc + " of a Flight SQL server needs a command descriptor holding a"
          + " Flight SQL command, got " + descriptor);
    }
    return FlightSqlCommand.parse(descriptor.command());
  }

  private static FlightInvalidArgumentError wrongRpc(FlightSqlCommand command, String rpc) {
    return new FlightInvalidArgumentError(SqlNames.of(command) + " is not a " + rpc + " command of Flight SQL");
  }

  private static FlightUnimplementedError unimplemented(String rpc, FlightSqlCommand command) {
    return new FlightUnimplementedError(rpc + " of " + SqlNames.of(command) + " is not implemented by this server");
  }

  private static FlightUnimplementedError unimplemented(String action) {
    return new FlightUnimplementedError("action " + action + " is not implemented by this server");
  }

  // ---------------------------------------------------------------------------------------------
  // GetFlightInfo
  // ---------------------------------------------------------------------------------------------

  /**
   * GetFlightInfo of a SQL query: where to fetch its result (usually endpoints whose tickets are
   * {@link TicketStatementQuery}s).
   *
   * @param context the call's context
   * @param command the query
   * @param descriptor the descriptor as sent
   * @return the query's FlightInfo; not null
   */
  protected FlightInfo getFlightInfoStatement(ServerCallContext context, StatementQuery command,
      FlightDescriptor descriptor) {
    throw unimplemented("GetFlightInfo", command);
  }

  /**
   * GetFlightInfo of a Substrait plan (see {@link #getFlightInfoStatement}).
   *
   * @param context the call's context
   * @param command the plan
   * @param descriptor the descriptor as sent
   * @return the plan's FlightInfo; not null
   */
  protected FlightInfo getFlightInfoSubstraitPlan(ServerCallContext context, StatementSubstraitPlan command,
      FlightDescriptor descriptor) {
    throw unimplemented("GetFlightInfo", command);
  }

  /**
   * GetFlightInfo of a prepared statement, with the parameters bound so far.
   *
   * @param context the call's context
   * @param command the statement's handle
   * @param descriptor the descriptor as sent
   * @return the statement's FlightInfo; not null
   */
  protected FlightInfo getFlightInfoPreparedStatement(ServerCallContext context, PreparedStatementQuery command,
      FlightDescriptor descriptor) {
    throw unimplemented("GetFlightInfo", command);
  }

  /**
   * GetFlightInfo of server information. The default serves {@link #sqlInfo()}:
   * {@link #flightInfoForCommand}, the ticket then read by {@link #doGetSqlInfo}.
   *
   * @param context the call's context
   * @param command the ids asked for
   * @param descriptor the descriptor as sent
   * @return the FlightInfo; not null
   */
  protected FlightInfo getFlightInfoSqlInfo(ServerCallContext context, GetSqlInfo command,
      FlightDescriptor descriptor) {
    return flightInfoForCommand(command, descriptor);
  }

  /**
   * GetFlightInfo of the server's data types.
   *
   * @param context the call's context
   * @param command the request
   * @param descriptor the descriptor as sent
   * @return the FlightInfo, usually {@link #flightInfoForCommand}; not null
   */
  protected FlightInfo getFlightInfoTypeInfo(ServerCallContext context, GetXdbcTypeInfo command,
      FlightDescriptor descriptor) {
    throw unimplemented("GetFlightInfo", command);
  }

  /**
   * GetFlightInfo of the catalogs.
   *
   * @param context the call's context
   * @param command the request
   * @param descriptor the descriptor as sent
   * @return the FlightInfo, usually {@link #flightInfoForCommand}; not null
   */
  protected FlightInfo getFlightInfoCatalogs(ServerCallContext context, GetCatalogs command,
      FlightDescriptor descriptor) {
    throw unimplemented("GetFlightInfo", command);
  }

  /**
   * GetFlightInfo of the database schemas.
   *
   * @param context the call's context
   * @param command the request
   * @param descriptor the descriptor as sent
   * @return the FlightInfo, usually {@link #flightInfoForCommand}; not null
   */
  protected FlightInfo getFlightInfoSchemas(ServerCallContext context, GetDbSchemas command,
      FlightDescriptor descriptor) {
    throw unimplemented("GetFlightInfo", command);
  }

  /**
   * GetFlightInfo of the tables.
   *
   * @param context the call's context
   * @param command the request
   * @param descriptor the descriptor as sent
   * @return the FlightInfo, usually {@link #flightInfoForCommand}; not null
   */
  protected FlightInfo getFlightInfoTables(ServerCallContext context, GetTables command,
      FlightDescriptor descriptor) {
    throw unimplemented("GetFlightInfo", command);
  }

  /**
   * GetFlightInfo of the table types.
   *
   * @param context the call's context
   * @param command the request
   * @param descriptor the descriptor as sent
   * @return the FlightInfo, usually {@link #flightInfoForCommand}; not null
   */
  protected FlightInfo getFlightInfoTableTypes(ServerCallContext context, GetTableTypes command,
      FlightDescriptor descriptor) {
    throw unimplemented("GetFlightInfo", command);
  }

  /**
   * GetFlightInfo of a table's primary key.
   *
   * @param context the call's context
   * @param command the request
   * @param descriptor the descriptor as sent
   * @return the FlightInfo, usually {@link #flightInfoForCommand}; not null
   */
  protected FlightInfo getFlightInfoPrimaryKeys(ServerCallContext context, GetPrimaryKeys command,
      FlightDescriptor descriptor) {
    throw unimplemented("GetFlightInfo", command);
  }

  /**
   * GetFlightInfo of the foreign keys that reference a table.
   *
   * @param context the call's context
   * @param command the request
   * @param descriptor the descriptor as sent
   * @return the FlightInfo, usually {@link #flightInfoForCommand}; not null
   */
  protected FlightInfo getFlightInfoExportedKeys(ServerCallContext context, GetExportedKeys command,
      FlightDescriptor descriptor) {
    throw unimplemented("GetFlightInfo", command);
  }

  /**
   * GetFlightInfo of the primary keys a table's foreign keys reference.
   *
   * @param context the call's context
   * @param command the request
   * @param descriptor the descriptor as sent
   * @return the FlightInfo, usually {@link #flightInfoForCommand}; not null
   */
  protected FlightInfo getFlightInfoImportedKeys(ServerCallContext context, GetImportedKeys command,
      FlightDescriptor descriptor) {
    throw unimplemented("GetFlightInfo", command);
  }

  /**
   * GetFlightInfo of the foreign keys of one table that reference another.
   *
   * @param context the call's context
   * @param command the request
   * @param descriptor the descriptor as sent
   * @return the FlightInfo, usually {@link #flightInfoForCommand}; not null
   */
  protected FlightInfo getFlightInfoCrossReference(ServerCallContext context, GetCrossReference command,
      FlightDescriptor descriptor) {
    throw unimplemented("GetFlightInfo", command);
  }

  // ---------------------------------------------------------------------------------------------
  // GetSchema
  // ---------------------------------------------------------------------------------------------

  /**
   * GetSchema of a SQL query: its result's schema, without running it.
   *
   * @param context the call's context
   * @param command the query
   * @param descriptor the descriptor as sent
   * @return the schema; not null
   */
  protected SchemaResult getSchemaStatement(ServerCallContext context, StatementQuery command,
      FlightDescriptor descriptor) {
    throw unimplemented("GetSchema", command);
  }

  /**
   * GetSchema of a Substrait plan.
   *
   * @param context the call's context
   * @param command the plan
   * @param descriptor the descriptor as sent
   * @return the schema; not null
   */
  protected SchemaResult getSchemaSubstraitPlan(ServerCallContext context, StatementSubstraitPlan command,
      FlightDescriptor descriptor) {
    throw unimplemented("GetSchema", command);
  }

  /**
   * GetSchema of a prepared statement.
   *
   * @param context the call's context
   * @param command the statement's handle
   * @param descriptor the descriptor as sent
   * @return the schema; not null
   */
  protected SchemaResult getSchemaPreparedStatement(ServerCallContext context, PreparedStatementQuery command,
      FlightDescriptor descriptor) {
    throw unimplemented("GetSchema", command);
  }

  // ---------------------------------------------------------------------------------------------
  // DoGet (each stream is taken over by the server and closed when the call ends)
  // ---------------------------------------------------------------------------------------------

  /**
   * DoGet of a ticket from {@link #getFlightInfoStatement}.
   *
   * @param context the call's context
   * @param ticket the ticket
   * @return the result; the server takes ownership and closes it
   */
  protected FlightDataStream doGetStatement(ServerCallContext context, TicketStatementQuery ticket) {
    throw unimplemented("DoGet", ticket);
  }

  /**
   * DoGet of a prepared statement's result.
   *
   * @param context the call's context
   * @param command the statement's handle
   * @return the result; the server takes ownership and closes it
   */
  protected FlightDataStream doGetPreparedStatement(ServerCallContext context, PreparedStatementQuery command) {
    throw unimplemented("DoGet", command);
  }

  /**
   * DoGet of server information: by default {@link #sqlInfo()}'s values for the ids asked for,
   * allocated from {@link #allocator()}.
   *
   * @param context the call's context
   * @param command the ids asked for
   * @return rows of schema {@link FlightSqlSchemas#GET_SQL_INFO}; the server takes ownership
   */
  protected FlightDataStream doGetSqlInfo(ServerCallContext context, GetSqlInfo command) {
    return sqlInfo().stream(allocator, command);
  }

  /**
   * DoGet of the server's data types.
   *
   * @param context the call's context
   * @param command the request
   * @return rows of schema {@link FlightSqlSchemas#GET_XDBC_TYPE_INFO}; the server takes ownership
   */
  protected FlightDataStream doGetTypeInfo(ServerCallContext context, GetXdbcTypeInfo command) {
    throw unimplemented("DoGet", command);
  }

  /**
   * DoGet of the catalogs.
   *
   * @param context the call's context
   * @param command the request
   * @return rows of schema {@link FlightSqlSchemas#GET_CATALOGS}; the server takes ownership
   */
  protected FlightDataStream doGetCatalogs(ServerCallContext context, GetCatalogs command) {
    throw unimplemented("DoGet", command);
  }

  /**
   * DoGet of the database schemas.
   *
   * @param context the call's context
   * @param command the request
   * @return rows of schema {@link FlightSqlSchemas#GET_DB_SCHEMAS}; the server takes ownership
   */
  protected FlightDataStream doGetDbSchemas(ServerCallContext context, GetDbSchemas command) {
    throw unimplemented("DoGet", command);
  }

  /**
   * DoGet of the tables.
   *
   * @param context the call's context
   * @param command the request
   * @return rows of schema {@link FlightSqlSchemas#GET_TABLES}, or
   *     {@link FlightSqlSchemas#GET_TABLES_WITH_SCHEMA} when the command includes the schemas; the
   *     server takes ownership
   */
  protected FlightDataStream doGetTables(ServerCallContext context, GetTables command) {
    throw unimplemented("DoGet", command);
  }

  /**
   * DoGet of the table types.
   *
   * @param context the call's context
   * @param command the request
   * @return rows of schema {@link FlightSqlSchemas#GET_TABLE_TYPES}; the server takes ownership
   */
  protected FlightDataStream doGetTableTypes(ServerCallContext context, GetTableTypes command) {
    throw unimplemented("DoGet", command);
  }

  /**
   * DoGet of a table's primary key.
   *
   * @param context the call's context
   * @param command the request
   * @return rows of schema {@link FlightSqlSchemas#GET_PRIMARY_KEYS}; the server takes ownership
   */
  protected FlightDataStream doGetPrimaryKeys(ServerCallContext context, GetPrimaryKeys command) {
    throw unimplemented("DoGet", command);
  }

  /**
   * DoGet of the foreign keys that reference a table.
   *
   * @param context the call's context
   * @param command the request
   * @return rows of schema {@link FlightSqlSchemas#GET_KEYS}; the server takes ownership
   */
  protected FlightDataStream doGetExportedKeys(ServerCallContext context, GetExportedKeys command) {
    throw unimplemented("DoGet", command);
  }

  /**
   * DoGet of the primary keys a table's foreign keys reference.
   *
   * @param context the call's context
   * @param command the request
   * @return rows of schema {@link FlightSqlSchemas#GET_KEYS}; the server takes ownership
   */
  protected FlightDataStream doGetImportedKeys(ServerCallContext context, GetImportedKeys command) {
    throw unimplemented("DoGet", command);
  }

  /**
   * DoGet of the foreign keys of one table that reference another.
   *
   * @param context the call's context
   * @param command the request
   * @return rows of schema {@link FlightSqlSchemas#GET_KEYS}; the server takes ownership
   */
  protected FlightDataStream doGetCrossReference(ServerCallContext context, GetCrossReference command) {
    throw unimplemented("DoGet", command);
  }

  // ---------------------------------------------------------------------------------------------
  // DoPut (the reader is borrowed: the server closes it when the method returns)
  // ---------------------------------------------------------------------------------------------

  /**
   * Runs a SQL update. The upload carries no rows, and need not be read: Arrow Java's client
   * ({@code FlightSqlClient.executeUpdate}) sends only a schema and does not end its upload until
   * it has read the answer, so an implementation that waits for the end of the stream
   * ({@code reader.next()} returning false) waits forever for such clients.
   *
   * @param context the call's context
   * @param command the update
   * @param reader the uploaded stream; borrowed
   * @return the number of rows changed, or -1 when unknown
   */
  protected long doPutStatementUpdate(ServerCallContext context, StatementUpdate command, FlightStreamReader reader) {
    throw unimplemented("DoPut", command);
  }

  /**
   * Runs a prepared update once per row of parameters uploaded. A statement without parameters
   * arrives as one batch of 0 rows and no fields (what Arrow's clients, the Flight SQL JDBC driver
   * included, send): run it once then, or their updates are silently lost.
   *
   * @param context the call's context
   * @param command the statement's handle
   * @param reader the parameter rows; borrowed
   * @return the number of rows changed, or -1 when unknown
   */
  protected long doPutPreparedStatementUpdate(ServerCallContext context, PreparedStatementUpdate command,
      FlightStreamReader reader) {
    throw unimplemented("DoPut", command);
  }

  /**
   * Loads the uploaded rows into a table.
   *
   * @param context the call's context
   * @param command the target table and options
   * @param reader the rows; borrowed
   * @return the number of rows loaded, or -1 when unknown
   */
  protected long doPutStatementIngest(ServerCallContext context, StatementIngest command, FlightStreamReader reader) {
    throw unimplemented("DoPut", command);
  }

  /**
   * Runs a Substrait plan as an update. As for {@link #doPutStatementUpdate}, the upload carries no
   * rows and need not be read: Arrow Java's client does not end its upload until it has read the
   * answer.
   *
   * @param context the call's context
   * @param command the plan
   * @param reader the uploaded stream; borrowed
   * @return the number of rows changed, or -1 when unknown
   */
  protected long doPutSubstraitPlanUpdate(ServerCallContext context, StatementSubstraitPlan command,
      FlightStreamReader reader) {
    throw unimplemented("DoPut", command);
  }

  /**
   * Binds the uploaded parameters to a prepared query.
   *
   * @param context the call's context
   * @param command the statement's handle
   * @param reader the parameter rows; borrowed
   * @return the statement's new handle for later requests, or null to send no PutResult (the
   *     client keeps its handle, which older clients expect)
   */
  protected DoPutPreparedStatementResult doPutPreparedStatementQuery(ServerCallContext context,
      PreparedStatementQuery command, FlightStreamReader reader) {
    throw unimplemented("DoPut", command);
  }

  // ---------------------------------------------------------------------------------------------
  // Actions
  // ---------------------------------------------------------------------------------------------

  /**
   * Prepares a statement.
   *
   * @param context the call's context
   * @param request the query and transaction
   * @return the handle and schemas; not null
   */
  protected CreatePreparedStatementResult createPreparedStatement(ServerCallContext context,
      CreatePreparedStatementRequest request) {
    throw unimplemented(FlightSqlActions.CREATE_PREPARED_STATEMENT);
  }

  /**
   * Prepares a Substrait plan.
   *
   * @param context the call's context
   * @param request the plan and transaction
   * @return the handle and schemas; not null
   */
  protected CreatePreparedStatementResult createPreparedSubstraitPlan(ServerCallContext context,
      CreatePreparedSubstraitPlanRequest request) {
    throw unimplemented(FlightSqlActions.CREATE_PREPARED_SUBSTRAIT_PLAN);
  }

  /**
   * Releases a prepared statement.
   *
   * @param context the call's context
   * @param request the statement's handle
   */
  protected void closePreparedStatement(ServerCallContext context, ClosePreparedStatementRequest request) {
    throw unimplemented(FlightSqlActions.CLOSE_PREPARED_STATEMENT);
  }

  /**
   * Begins a transaction.
   *
   * @param context the call's context
   * @param request the request
   * @return the transaction's id; not null
   */
  protected BeginTransactionResult beginTransaction(ServerCallContext context, BeginTransactionRequest request) {
    throw unimplemented(FlightSqlActions.BEGIN_TRANSACTION);
  }

  /**
   * Creates a savepoint.
   *
   * @param context the call's context
   * @param request the transaction and the savepoint's name
   * @return the savepoint's id; not null
   */
  protected BeginSavepointResult beginSavepoint(ServerCallContext context, BeginSavepointRequest request) {
    throw unimplemented(FlightSqlActions.BEGIN_SAVEPOINT);
  }

  /**
   * Commits or rolls back a transaction.
   *
   * @param context the call's context
   * @param request the transaction and what to do
   */
  protected void endTransaction(ServerCallContext context, EndTransactionRequest request) {
    throw unimplemented(FlightSqlActions.END_TRANSACTION);
  }

  /**
   * Releases or rolls back to a savepoint.
   *
   * @param context the call's context
   * @param request the savepoint and what to do
   */
  protected void endSavepoint(ServerCallContext context, EndSavepointRequest request) {
    throw unimplemented(FlightSqlActions.END_SAVEPOINT);
  }

  /**
   * Cancels a query (the deprecated action; newer clients use CancelFlightInfo,
   * {@link #cancelFlightInfo}).
   *
   * @param context the call's context
   * @param request the query's FlightInfo
   * @return the outcome; not null
   */
  protected CancelQueryResult cancelQuery(ServerCallContext context, CancelQueryRequest request) {
    throw unimplemented(FlightSqlActions.CANCEL_QUERY);
  }
}
