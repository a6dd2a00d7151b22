package dev.flightwire.sql;

import dev.flightwire.Action;
import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightMetadataWriter;
import dev.flightwire.FlightNotFoundError;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.RecordBatchStream;
import dev.flightwire.Result;
import dev.flightwire.SchemaResult;
import dev.flightwire.ServerCallContext;
import dev.flightwire.Ticket;
import dev.flightwire.internal.ipc.IpcSchema;
import dev.flightwire.internal.sql.SqlPutResults;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A small Flight SQL server for the client tests, on the plain {@link FlightServerBase}: one
 * table {@code users(id, name)} of three rows, one prepared statement
 * {@code SELECT * FROM users WHERE id = ?} taking a BIGINT parameter, updates counting rows.
 * Parses every command with {@link FlightSqlCommand#parse} and records what it received.
 */
final class FlightSqlClientDouble extends FlightServerBase {
  static final Schema USERS = new Schema(List.of(
      new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
      new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
  static final Schema PARAMS = new Schema(List.of(
      new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null)));
  static final Schema TABLES = new Schema(List.of(
      new Field("catalog_name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
      new Field("db_schema_name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
      new Field("table_name", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null),
      new Field("table_type", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null)));
  static final Schema TABLES_WITH_SCHEMA = new Schema(concat(TABLES.getFields(),
      new Field("table_schema", FieldType.notNullable(ArrowType.Binary.INSTANCE), null)));
  static final String QUERY = "SELECT * FROM users";
  static final String PREPARED = "SELECT * FROM users WHERE id = ?";
  static final String FIRST_HANDLE = "ps-1";
  static final String BOUND_HANDLE = "ps-2";

  private final BufferAllocator allocator;
  /** The parameter values each DoPut of a prepared statement carried, one list per DoPut. */
  final List<List<Long>> boundParameters = new CopyOnWriteArrayList<>();
  /** The handles of the ClosePreparedStatement actions received. */
  final List<String> closed = new CopyOnWriteArrayList<>();
  /** The handles of the GetFlightInfo calls of prepared statements. */
  final List<String> executedHandles = new CopyOnWriteArrayList<>();
  /** The update queries received, with the number of fields and rows of their upload. */
  final List<String> updates = new CopyOnWriteArrayList<>();
  /** The metadata commands of GetFlightInfo and GetSchema calls, in order. */
  final List<FlightSqlCommand> metadataCommands = new CopyOnWriteArrayList<>();
  /** Whether CancelQuery answers with two results, which breaks the protocol. */
  volatile boolean cancelTwice;
  /** The other actions received, described. */
  final List<String> actions = new CopyOnWriteArrayList<>();

  FlightSqlClientDouble(BufferAllocator allocator) {
    this.allocator = allocator;
  }

  private static List<Field> concat(List<Field> a, Field b) {
    List<Field> all = new ArrayList<>(a);
    all.add(b);
    return all;
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static FlightInfo info(Schema schema, FlightDescriptor descriptor, FlightSqlCommand ticket) {
    return new FlightInfo(schema, descriptor, List.of(new FlightEndpoint(new Ticket(ticket.toBytes()))));
  }

  @Override
  public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
    FlightSqlCommand command = FlightSqlCommand.parse(descriptor.command());
    if (command instanceof StatementQuery q) {
      if (!q.query().equals(QUERY)) {
        throw new FlightInvalidArgumentError("syntax error in: " + q.query());
      }
      String tx = q.transactionId() == null ? "" : text(q.transactionId());
      return info(USERS, descriptor, new TicketStatementQuery(("users" + tx).getBytes(StandardCharsets.UTF_8)));
    }
    if (command instanceof PreparedStatementQuery p) {
      executedHandles.add(text(p.preparedStatementHandle()));
      return info(USERS, descriptor, new TicketStatementQuery(p.preparedStatementHandle()));
    }
    if (command instanceof GetTables t) {
      return info(t.includeSchema() ? TABLES_WITH_SCHEMA : TABLES, descriptor, t);
    }
    if (command instanceof GetCatalogs && context.headers().get("x-fail") != null) {
      throw new FlightNotFoundError("no catalogs");
    }
    metadataCommands.add(command);
    return new FlightInfo(new Schema(List.of()), descriptor, List.of());
  }

  @Override
  public SchemaResult getSchema(ServerCallContext context, FlightDescriptor descriptor) {
    FlightSqlCommand command = FlightSqlCommand.parse(descriptor.command());
    if (command instanceof StatementQuery || command instanceof PreparedStatementQuery) {
      return new SchemaResult(USERS);
    }
    if (command instanceof GetTables t) {
      return new SchemaResult(t.includeSchema() ? TABLES_WITH_SCHEMA : TABLES);
    }
    metadataCommands.add(command);
    return new SchemaResult(new Schema(List.of()));
  }

  @Override
  public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
    FlightSqlCommand command = FlightSqlCommand.parse(ticket.ticket());
    VectorSchemaRoot root;
    if (command instanceof TicketStatementQuery) {
      root = users();
    } else if (command instanceof GetTables t) {
      root = tables(t.includeSchema());
    } else {
      throw new FlightNotFoundError("no DoGet for " + command);
    }
    return new RecordBatchStream(root.getSchema(), List.of(root), null).onClose(root::close);
  }

  private VectorSchemaRoot users() {
    VectorSchemaRoot root = VectorSchemaRoot.create(USERS, allocator);
    BigIntVector id = (BigIntVector) root.getVector("id");
    VarCharVector name = (VarCharVector) root.getVector("name");
    String[] names = {"ada", "bob", "cy"};
    for (int i = 0; i < names.length; i++) {
      id.setSafe(i, i + 1);
      name.setSafe(i, names[i].getBytes(StandardCharsets.UTF_8));
    }
    root.setRowCount(names.length);
    return root;
  }

  private VectorSchemaRoot tables(boolean includeSchema) {
    VectorSchemaRoot root = VectorSchemaRoot.create(includeSchema ? TABLES_WITH_SCHEMA : TABLES, allocator);
    ((VarCharVector) root.getVector("catalog_name")).setNull(0);
    ((VarCharVector) root.getVector("db_schema_name")).setSafe(0, "main".getBytes(StandardCharsets.UTF_8));
    ((VarCharVector) root.getVector("table_name")).setSafe(0, "users".getBytes(StandardCharsets.UTF_8));
    ((VarCharVector) root.getVector("table_type")).setSafe(0, "TABLE".getBytes(StandardCharsets.UTF_8));
    if (includeSchema) {
      ((VarBinaryVector) root.getVector("table_schema")).setSafe(0, IpcSchema.serialize(USERS));
    }
    root.setRowCount(1);
    return root;
  }

  @Override
  public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
      FlightMetadataWriter writer) {
    FlightSqlCommand command = FlightSqlCommand.parse(descriptor.command());
    if (command instanceof StatementUpdate u) {
      int rows = countRows(reader);
      updates.add(u.query() + " fields=" + reader.schema().getFields().size() + " rows=" + rows);
      if (u.query().startsWith("FAIL")) {
        throw new FlightInvalidArgumentError("cannot run: " + u.query());
      }
      writer.write(SqlPutResults.updateResult(u.query().startsWith("DELETE") ? 3 : 0));
    } else if (command instanceof StatementIngest i) {
      int rows = countRows(reader);
      updates.add("ingest " + i.table() + " rows=" + rows);
      writer.write(SqlPutResults.updateResult(rows));
    } else if (command instanceof PreparedStatementQuery p) {
      checkHandle(p.preparedStatementHandle(), FIRST_HANDLE);
      boundParameters.add(readIds(reader));
      writer.write(SqlPutResults.preparedStatementResult(BOUND_HANDLE.getBytes(StandardCharsets.UTF_8)));
    } else if (command instanceof PreparedStatementUpdate p) {
      List<Long> ids = readIds(reader);
      boundParameters.add(ids);
      updates.add("prepared " + text(p.preparedStatementHandle()) + " rows=" + ids.size());
      writer.write(SqlPutResults.updateResult(ids.size()));
    } else {
      throw new FlightNotFoundError("no DoPut for " + command);
    }
  }

  private static void checkHandle(byte[] got, String expected) {
    if (!text(got).equals(expected)) {
      throw new FlightInvalidArgumentError("unknown prepared statement " + text(got));
    }
  }

  private static int countRows(FlightStreamReader reader) {
    int rows = 0;
    while (reader.next()) {
      rows += reader.root().getRowCount();
    }
    return rows;
  }

  private static List<Long> readIds(FlightStreamReader reader) {
    if (!reader.schema().equals(PARAMS)) {
      throw new FlightInvalidArgumentError("parameters of schema " + reader.schema() + ", expected " + PARAMS);
    }
    List<Long> ids = new ArrayList<>();
    while (reader.next()) {
      BigIntVector id = (BigIntVector) reader.root().getVector("id");
      for (int i = 0; i < reader.root().getRowCount(); i++) {
        ids.add(id.isNull(i) ? null : id.get(i));
      }
    }
    return ids;
  }

  @Override
  public Iterable<Result> doAction(ServerCallContext context, Action action) {
    switch (action.type()) {
      case FlightSqlActions.CREATE_PREPARED_STATEMENT: {
        CreatePreparedStatementRequest r = CreatePreparedStatementRequest.parse(action.body());
        if (r.query().equals("NO RESULT")) {
          return List.of();
        }
        if (r.query().equals("TWO RESULTS")) {
          return List.of(
              new Result(new CreatePreparedStatementResult("ps-a".getBytes(StandardCharsets.UTF_8),
                  IpcSchema.serialize(USERS), IpcSchema.serialize(PARAMS)).toBytes()),
              new Result(new CreatePreparedStatementResult("ps-b".getBytes(StandardCharsets.UTF_8),
                  IpcSchema.serialize(USERS), IpcSchema.serialize(PARAMS)).toBytes()));
        }
        if (r.query().equals("BAD SCHEMA")) {
          return List.of(new Result(new CreatePreparedStatementResult("ps-bad".getBytes(StandardCharsets.UTF_8),
              new byte[] {1, 2, 3}, new byte[0]).toBytes()));
        }
        if (r.transactionId() != null) {
          actions.add("prepare in " + text(r.transactionId()));
        }
        if (!r.query().equals(PREPARED)) {
          throw new FlightInvalidArgumentError("cannot prepare: " + r.query());
        }
        return List.of(new Result(new CreatePreparedStatementResult(FIRST_HANDLE.getBytes(StandardCharsets.UTF_8),
            IpcSchema.serialize(USERS), IpcSchema.serialize(PARAMS)).toBytes()));
      }
      case FlightSqlActions.CLOSE_PREPARED_STATEMENT:
        closed.add(text(ClosePreparedStatementRequest.parse(action.body()).preparedStatementHandle()));
        return List.of();
      case FlightSqlActions.BEGIN_TRANSACTION:
        BeginTransactionRequest.parse(action.body());
        actions.add("begin");
        return List.of(new Result(new BeginTransactionResult("tx-1".getBytes(StandardCharsets.UTF_8)).toBytes()));
      case FlightSqlActions.END_TRANSACTION: {
        EndTransactionRequest r = EndTransactionRequest.parse(action.body());
        actions.add(r.action() + " " + text(r.transactionId()));
        return List.of();
      }
      case FlightSqlActions.BEGIN_SAVEPOINT: {
        BeginSavepointRequest r = BeginSavepointRequest.parse(action.body());
        actions.add("savepoint " + r.name() + " in " + text(r.transactionId()));
        return List.of(new Result(new BeginSavepointResult("sp-1".getBytes(StandardCharsets.UTF_8)).toBytes()));
      }
      case FlightSqlActions.END_SAVEPOINT: {
        EndSavepointRequest r = EndSavepointRequest.parse(action.body());
        actions.add(r.action() + " " + text(r.savepointId()));
        return List.of();
      }
      case FlightSqlActions.CANCEL_QUERY:
        CancelQueryRequest.parse(action.body());
        actions.add("cancel");
        Result cancelling = new Result(new CancelQueryResult(CancelResult.CANCELLING).toBytes());
        return cancelTwice ? List.of(cancelling, cancelling) : List.of(cancelling);
      default:
        throw new FlightNotFoundError("unknown action " + action.type() + " " + Arrays.toString(action.body()));
    }
  }
}
