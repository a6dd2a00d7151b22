package dev.flightwire.cli;

import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightNotFoundError;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.SchemaResult;
import dev.flightwire.Ticket;
import dev.flightwire.sql.ClosePreparedStatementRequest;
import dev.flightwire.sql.CreatePreparedStatementRequest;
import dev.flightwire.sql.CreatePreparedStatementResult;
import dev.flightwire.sql.PreparedStatementQuery;
import dev.flightwire.sql.PreparedStatementUpdate;
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
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

/**
 * The statements of the SQL service, run on the engine: queries, updates, ingestion and prepared
 * statements ({@link SqlService} decodes the commands and calls these). Statement tickets carry
 * the query itself, so a query ticket is stateless and may be fetched again; a statement that
 * returns no rows, sent as a query, runs at GetFlightInfo and its ticket carries the update count.
 * Prepared statements are kept by handle ({@link SqlPrepared}) until closed, at most
 * {@link #MAX_PREPARED} at once (then RESOURCE_EXHAUSTED, which flightwire's server sends as
 * UNAVAILABLE, Flight's status codes having no such code), forgotten when unused for
 * {@link #idleNanos}; one call binds at most {@link #MAX_PARAMETER_ROWS} rows and
 * {@link #MAX_PARAMETER_BYTES} of parameters (then INVALID_ARGUMENT), all statements together hold
 * at most {@link #maxBoundBytes} (then RESOURCE_EXHAUSTED).
 *
 * <h3>Threading</h3>
 * Thread-safe: each call runs on a connection of its own; prepared statements are in a concurrent
 * map.
 *
 * <h3>Memory</h3>
 * Each query's result streams into a child allocator of the service's, closed with the stream;
 * schemas are found with the service's allocator (borrowed).
 */
final class SqlStatements {
  /** A statement ticket's first byte: the query follows, run at DoGet. */
  private static final byte QUERY = 'Q';
  /** A statement ticket's first byte: the statement ran at GetFlightInfo; its update count follows. */
  private static final byte DONE = 'N';
  private static final Schema COUNT = new Schema(List.of(Field.nullable("Count", new ArrowType.Int(64, true))));
  /** The most rows of parameters one DoPut may bind (or run an update with). */
  static final int MAX_PARAMETER_ROWS = 100_000;
  /** The most prepared statements open at once on the server. */
  static final int MAX_PREPARED = 1_000;
  /** The most bytes (Arrow buffers as received) of parameters one DoPut may bind. */
  static final long MAX_PARAMETER_BYTES = 32L << 20;
  /** The most bytes of parameters bound to all prepared statements together (tests lower it). */
  static volatile long maxBoundBytes = 256L << 20;
  /** A prepared statement unused this long is forgotten when another is prepared (tests lower it). */
  static volatile long idleNanos = java.util.concurrent.TimeUnit.MINUTES.toNanos(30);
  /** gRPC's RESOURCE_EXHAUSTED. */
  private static final int RESOURCE_EXHAUSTED = 8;

  private final SqlEngine engine;
  private final BufferAllocator allocator;
  private final ConcurrentHashMap<String, SqlPrepared> prepared = new ConcurrentHashMap<>();
  /** The connections {@link #connect()} handed out and not yet seen closed. */
  private final java.util.Set<DuckDBConnection> handedOut = ConcurrentHashMap.newKeySet();

  /**
   * @param engine the database; borrowed
   * @param allocator the service's allocator; borrowed
   */
  SqlStatements(SqlEngine engine, BufferAllocator allocator) {
    this.engine = engine;
    this.allocator = allocator;
  }

  /** A new connection for one call; returns an owned connection (engine failures as Flight errors). */
  DuckDBConnection connect() {
    DuckDBConnection c;
    try {
      c = engine.connect();
    } catch (SQLException e) {
      throw SqlErrors.of(e);
    }
    handedOut.removeIf(SqlStatements::isClosed);
    handedOut.add(c);
    return c;
  }

  /** How many connections {@link #connect()} handed out are still open (for tests: 0 when idle). */
  int openConnections() {
    handedOut.removeIf(SqlStatements::isClosed);
    return handedOut.size();
  }

  private static boolean isClosed(DuckDBConnection c) {
    try {
      return c.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  /**
   * Refuses a statement sent in a transaction: the service has none (each statement commits on
   * its own), so running it would break the client's expectation of a rollback.
   */
  static void noTransaction(byte[] transactionId) {
    if (transactionId != null && transactionId.length > 0) {
      throw new FlightInvalidArgumentError("this server has no transactions: send the statement without a"
          + " transaction_id (each statement commits on its own)");
    }
  }

  private BufferAllocator queryAllocator() {
    return allocator.newChildAllocator("sql-query-" + UUID.randomUUID(), 0, Long.MAX_VALUE);
  }

  /** GetFlightInfo of a query: its schema, and a ticket carrying the query (a non-query runs now). */
  FlightInfo statementInfo(StatementQuery command, FlightDescriptor descriptor, SqlCancel cancel) {
    noTransaction(command.transactionId());
    try (DuckDBConnection c = connect()) {
      SqlDescription d = SqlDescription.of(c, allocator, command.query());
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
        Statement s = c.createStatement();
        try {
          cancel.start(s);
          s.execute(command.query());
          count = Math.max(0, s.getUpdateCount());
        } finally {
          closeStatement(cancel, s);
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

  /** GetSchema of a query. */
  SchemaResult statementSchema(StatementQuery command) {
    noTransaction(command.transactionId());
    try (DuckDBConnection c = connect()) {
      SqlDescription d = SqlDescription.of(c, allocator, command.query());
      return new SchemaResult(d.returnsRows() ? d.rows() : COUNT);
    } catch (SQLException e) {
      throw SqlErrors.of(e);
    }
  }

  /** DoGet of a statement ticket; returns an owned stream. */
  FlightDataStream statementResult(TicketStatementQuery ticket, SqlCancel cancel) {
    byte[] handle = ticket.statementHandle();
    if (handle.length == 0 || (handle[0] != QUERY && handle[0] != DONE)) {
      throw new FlightInvalidArgumentError("not a statement ticket of this server");
    }
    String text = new String(handle, 1, handle.length - 1, StandardCharsets.UTF_8);
    if (handle[0] == DONE) {
      long count;
      try {
        count = Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw new FlightInvalidArgumentError("not a statement ticket of this server");
      }
      return SqlCounts.stream(allocator, COUNT, count);
    }
    return query(text, List.<Object[]>of(new Object[0]), cancel);
  }

  /** Streams {@code query}'s result, once per run (on a connection and allocator of its own). */
  private FlightDataStream query(String query, List<Object[]> runs, SqlCancel cancel) {
    DuckDBConnection c = connect();
    BufferAllocator a;
    try {
      a = queryAllocator();
    } catch (RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
    try {
      return SqlQueryStream.open(c, a, query, runs, cancel);
    } catch (SQLException e) {
      throw SqlErrors.of(e);
    }
  }

  /** Runs an update; returns its row count (0 when the engine tells none). */
  long update(StatementUpdate command, SqlCancel cancel) {
    noTransaction(command.transactionId());
    try (DuckDBConnection c = connect()) {
      Statement s = c.createStatement();
      try {
        cancel.start(s);
        s.execute(command.query());
        return Math.max(0, s.getUpdateCount());
      } finally {
        closeStatement(cancel, s);
      }
    } catch (SQLException e) {
      throw SqlErrors.of(e);
    }
  }

  /** Loads an upload into a table ({@link SqlIngest}); borrows the reader. */
  long ingest(StatementIngest command, FlightStreamReader reader) {
    noTransaction(command.transactionId());
    try (DuckDBConnection c = connect()) {
      return SqlIngest.ingest(c, allocator, command, reader);
    } catch (SQLException e) {
      throw SqlErrors.of(e);
    }
  }

  /** Prepares a statement: its handle and schemas. */
  CreatePreparedStatementResult prepare(CreatePreparedStatementRequest request) {
    noTransaction(request.transactionId());
    SqlDescription d;
    try (DuckDBConnection c = connect()) {
      d = SqlDescription.of(c, allocator, request.query());
    } catch (SQLException e) {
      throw SqlErrors.of(e);
    }
    String id = UUID.randomUUID().toString();
    synchronized (prepared) {
      long now = System.nanoTime();
      prepared.values().removeIf(p -> now - p.lastUsed() > idleNanos);
      if (prepared.size() >= MAX_PREPARED) {
        throw dev.flightwire.FlightError.fromStatus(RESOURCE_EXHAUSTED, "the server has " + MAX_PREPARED
            + " prepared statements open, its most: close prepared statements that are no longer needed", null,
            null);
      }
      prepared.put(id, new SqlPrepared(request.query(), d));
    }
    byte[] rows = d.returnsRows() ? d.rows().serializeAsMessage() : new byte[0];
    byte[] parameters = d.parameters().getFields().isEmpty() ? new byte[0] : d.parameters().serializeAsMessage();
    return new CreatePreparedStatementResult(id.getBytes(StandardCharsets.UTF_8), rows, parameters);
  }

  private SqlPrepared preparedOf(byte[] handle) {
    SqlPrepared p = prepared.get(new String(handle, StandardCharsets.UTF_8));
    if (p == null) {
      throw new FlightNotFoundError("no prepared statement with this handle (closed, or unused for "
          + java.util.concurrent.TimeUnit.NANOSECONDS.toMinutes(idleNanos) + " minutes?)");
    }
    p.touch();
    return p;
  }

  /** Forgets a prepared statement. */
  void close(ClosePreparedStatementRequest request) {
    prepared.remove(new String(request.preparedStatementHandle(), StandardCharsets.UTF_8));
  }

  /** Binds the uploaded parameter rows (the reader borrowed) to a prepared query. */
  void bind(PreparedStatementQuery command, FlightStreamReader reader) {
    SqlPrepared p = preparedOf(command.preparedStatementHandle());
    long[] bytes = new long[1];
    List<Object[]> rows = parameterRows(reader, bytes);
    synchronized (prepared) {
      long others = 0;
      for (SqlPrepared o : prepared.values()) {
        others += o == p ? 0 : o.boundBytes();
      }
      if (others + bytes[0] > maxBoundBytes) {
        throw dev.flightwire.FlightError.fromStatus(RESOURCE_EXHAUSTED, "the server holds "
            + (others >> 20) + " MiB of bound parameters, its most is " + (maxBoundBytes >> 20)
            + " MiB: close prepared statements that are no longer needed", null, null);
      }
      p.bind(rows, bytes[0]);
    }
  }

  private static List<Object[]> parameterRows(FlightStreamReader reader) {
    return parameterRows(reader, new long[1]);
  }

  /** The uploaded rows; adds their size (Arrow buffers as received) to {@code bytes[0]}. */
  private static List<Object[]> parameterRows(FlightStreamReader reader, long[] bytes) {
    List<Object[]> rows = new ArrayList<>();
    while (reader.next()) {
      if (reader.root().getRowCount() > MAX_PARAMETER_ROWS - rows.size()) {
        throw new FlightInvalidArgumentError("more than " + MAX_PARAMETER_ROWS + " rows of parameters in one call:"
            + " bind at most " + MAX_PARAMETER_ROWS + " rows at a time");
      }
      for (org.apache.arrow.vector.FieldVector v : reader.root().getFieldVectors()) {
        bytes[0] += v.getBufferSize();
      }
      if (bytes[0] > MAX_PARAMETER_BYTES) {
        throw new FlightInvalidArgumentError("more than " + (MAX_PARAMETER_BYTES >> 20)
            + " MiB of parameters in one call: bind fewer or smaller values at a time");
      }
      try {
        rows.addAll(SqlParameters.rowsOf(reader.root()));
      } catch (java.time.DateTimeException | ArithmeticException e) {
        throw new FlightInvalidArgumentError("a parameter value is out of range: " + e.getMessage());
      }
    }
    return rows;
  }

  /** GetFlightInfo of a prepared query: its ticket is the command. */
  FlightInfo preparedInfo(PreparedStatementQuery command, FlightDescriptor descriptor) {
    SqlPrepared p = preparedOf(command.preparedStatementHandle());
    if (!p.description().returnsRows()) {
      throw new FlightInvalidArgumentError("the prepared statement returns no rows: run it as an update");
    }
    Ticket ticket = new Ticket(command.toBytes());
    return new FlightInfo(p.description().rows(), descriptor, List.of(new FlightEndpoint(ticket)), -1, -1, false,
        null);
  }

  /** GetSchema of a prepared statement. */
  SchemaResult preparedSchema(PreparedStatementQuery command) {
    SqlPrepared p = preparedOf(command.preparedStatementHandle());
    return new SchemaResult(p.description().returnsRows() ? p.description().rows() : COUNT);
  }

  /** DoGet of a prepared query, once per bound parameter row; returns an owned stream. */
  FlightDataStream preparedResult(PreparedStatementQuery command, SqlCancel cancel) {
    SqlPrepared p = preparedOf(command.preparedStatementHandle());
    return query(p.query(), p.runs(), cancel);
  }

  /**
   * Runs a prepared update once per uploaded parameter row (the reader borrowed), all in one
   * transaction: a row that fails undoes the rows before it. Returns the rows changed.
   */
  long preparedUpdate(PreparedStatementUpdate command, FlightStreamReader reader, SqlCancel cancel) {
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
    try (DuckDBConnection c = connect()) {
      // all the rows or none: one transaction
      c.setAutoCommit(false);
      PreparedStatement s = c.prepareStatement(p.query());
      try {
        cancel.start(s);
        for (Object[] run : runs) {
          cancel.check();
          SqlParameters.bind(s, run);
          s.execute();
          total += Math.max(0, s.getUpdateCount());
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException ignored) {
          // the failure reported is the statement's
        }
        throw e;
      } finally {
        closeStatement(cancel, s);
      }
      return total;
    } catch (SQLException e) {
      throw SqlErrors.of(e);
    }
  }

  /** A statement ticket's handle: the tag byte, then {@code text} in UTF-8. */
  private static byte[] tagged(byte tag, String text) {
    byte[] t = text.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[t.length + 1];
    out[0] = tag;
    System.arraycopy(t, 0, out, 1, t.length);
    return out;
  }

  /** Closes a statement under the call's cancel lock (so a cancel never reaches a closed one). */
  private static void closeStatement(SqlCancel cancel, Statement s) throws SQLException {
    try {
      cancel.close(s);
    } catch (SQLException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new SQLException(e);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // reported: the failure that made us close it
    }
  }
}
