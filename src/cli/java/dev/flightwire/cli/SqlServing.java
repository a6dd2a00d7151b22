package dev.flightwire.cli;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What {@code serve --sql} runs beside the server: the engine with the directory's tables loaded,
 * and the service over them. Owns the engine: {@link #close()} after the server has stopped.
 */
final class SqlServing implements AutoCloseable {
  private final SqlEngine engine;
  private final SqlService service;
  private final int tables;
  private final String version;

  private SqlServing(SqlEngine engine, SqlService service, int tables, String version) {
    this.engine = engine;
    this.service = service;
    this.tables = tables;
    this.version = version;
  }

  /**
   * Opens the engine and loads the directory's flights as tables; a flight that cannot be loaded
   * is reported on stderr and left out.
   *
   * @param directory the directory service; borrowed
   * @param allocator the server's allocator; borrowed
   */
  static SqlServing start(DirectoryService directory, BufferAllocator allocator, Io io) throws IOException {
    SqlEngine engine;
    try {
      engine = new SqlEngine();
    } catch (SQLException e) {
      throw new IOException("cannot start the SQL engine: " + e.getMessage(), e);
    }
    try {
      SqlTables tables = new SqlTables(engine, directory.paths(), allocator);
      List<String> problems = tables.loadAll();
      for (String p : problems) {
        io.err.println("flightwire: not loaded as a table: " + p);
      }
      io.err.flush();
      int loaded = directory.paths().list().size() - problems.size();
      SqlService service = new SqlService(engine, tables, directory, allocator);
      return new SqlServing(engine, service, loaded, engine.version());
    } catch (SQLException | IOException | RuntimeException e) {
      try {
        engine.close();
      } catch (SQLException ignored) {
        // the failure reported is the start's
      }
      throw e instanceof IOException io2 ? io2 : new IOException("cannot start the SQL service: " + e.getMessage(), e);
    }
  }

  SqlService service() {
    return service;
  }

  /** For the start-up line. */
  String describe() {
    return tables + (tables == 1 ? " table" : " tables") + " in DuckDB " + version + " for Flight SQL";
  }

  @Override
  public void close() {
    try {
      engine.close();
    } catch (SQLException ignored) {
      // the process is stopping
    }
  }
}
