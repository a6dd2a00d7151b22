package dev.flightwire.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

/**
 * The flights of {@code serve --dir} as tables of the SQL engine: a flight at the top of the
 * directory ({@code trips.csv}) is the table {@code main.trips}; one below it
 * ({@code 2024/q1/trips.csv}) the table {@code trips} of the schema {@code "2024/q1"}; a dataset
 * is one table holding all its files. The rows are copied into the engine when the server starts
 * (and when an upload or a commit adds or changes a flight), so SQL never changes the files.
 * Each table loaded is recorded with the file (or dataset directory) it came from: when that is
 * gone (a {@code delete}, a commit that removed it), its table is dropped by that record, whatever
 * name the flight was deleted by, and tables SQL made are never touched.
 * Thread-safe: each load runs on a connection of its own; the record is a concurrent map.
 */
final class SqlTables {
  private final SqlEngine engine;
  private final DirectoryPaths paths;
  private final FileStats files;
  private final BufferAllocator allocator;
  /** The tables loaded: the flight's file or dataset directory (absolute) to its schema and table name. */
  private final ConcurrentHashMap<Path, List<String>> loaded = new ConcurrentHashMap<>();

  /**
   * @param engine the database; borrowed
   * @param paths the served directory
   * @param allocator where files are read (borrowed)
   */
  SqlTables(SqlEngine engine, DirectoryPaths paths, BufferAllocator allocator) {
    this.engine = engine;
    this.paths = paths;
    this.files = new FileStats(allocator);
    this.allocator = allocator;
  }

  /** The schema and table name of a flight's path. */
  static String[] tableOf(List<String> parts) {
    String table = parts.get(parts.size() - 1);
    String schema = parts.size() == 1 ? "main" : String.join("/", parts.subList(0, parts.size() - 1));
    return new String[] {schema, table};
  }

  /**
   * Loads every flight of the directory; returns one line per flight that could not be loaded
   * (the others are loaded whatever happens to one).
   */
  List<String> loadAll() throws IOException {
    List<String> problems = new ArrayList<>();
    for (DirectoryPaths.Entry e : paths.list()) {
      String problem = load(e);
      if (problem != null) {
        problems.add(problem);
      }
    }
    return problems;
  }

  /**
   * (Re)loads the flight at {@code parts}, or, when it is gone, drops the tables of the flights
   * whose files are gone ({@link #dropVanished()}); returns a problem or null.
   */
  String reload(List<String> parts) {
    DirectoryPaths.Entry e;
    try {
      e = paths.find(parts);
    } catch (RuntimeException gone) {
      return dropVanished();
    }
    return load(e);
  }

  /**
   * Drops the table of each loaded flight whose file or dataset directory no longer exists;
   * returns the problems (one line each, joined) or null.
   */
  String dropVanished() {
    List<String> problems = new ArrayList<>();
    for (var entry : loaded.entrySet()) {
      if (!Files.exists(entry.getKey()) && loaded.remove(entry.getKey(), entry.getValue())
          && !loaded.containsValue(entry.getValue())) { // another flight may own the name now
        String problem = drop(entry.getValue());
        if (problem != null) {
          problems.add(paths.relative(entry.getKey()) + ": " + problem);
        }
      }
    }
    return problems.isEmpty() ? null : String.join("; ", problems);
  }

  private String drop(List<String> name) {
    try (DuckDBConnection c = engine.connect(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + SqlEngine.quote(name.get(0)) + "." + SqlEngine.quote(name.get(1)));
      return null;
    } catch (SQLException ex) {
      return ex.getMessage();
    }
  }

  /** Loads one flight, replacing its table; returns a problem or null. */
  String load(DirectoryPaths.Entry e) {
    String shown = String.join("/", e.parts());
    String[] name = tableOf(e.parts());
    String qualified = SqlEngine.quote(name[0]) + "." + SqlEngine.quote(name[1]);
    List<Path> sources;
    try {
      sources = e.dataset() ? DirectoryPaths.datasetFiles(e.path()) : List.of(e.path());
    } catch (IOException ex) {
      return shown + ": " + Failures.message(ex);
    }
    if (sources.isEmpty()) {
      return null;
    }
    String stagingName = "flightwire_load_" + UUID.randomUUID().toString().replace("-", "");
    String staging = SqlEngine.quote(name[0]) + "." + SqlEngine.quote(stagingName);
    try (DuckDBConnection c = engine.connect()) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA IF NOT EXISTS " + SqlEngine.quote(name[0]));
      }
      boolean first = true;
      List<Schema> fileSchemas = new ArrayList<>();
      for (Path file : sources) {
        String view = "flightwire_rows_" + UUID.randomUUID().toString().replace("-", "");
        String sql = first ? "CREATE TABLE " + staging + " AS SELECT * FROM " + view
            : "INSERT INTO " + staging + " SELECT * FROM " + view;
        ArrowReader rows = rowsOf(file);
        try {
          fileSchemas.add(rows.getVectorSchemaRoot().getSchema());
        } catch (IOException | RuntimeException ex) {
          try {
            rows.close();
          } catch (IOException | RuntimeException closing) {
            ex.addSuppressed(closing);
          }
          throw ex;
        }
        SqlEngine.runWithStream(c, allocator, view, rows, sql);
        first = false;
      }
      keepNotNull(c, null, name[0], stagingName, fileSchemas);
      // the new table replaces the old at once
      try (Statement s = c.createStatement()) {
        s.execute("BEGIN TRANSACTION");
        s.execute("DROP TABLE IF EXISTS " + qualified);
        s.execute("ALTER TABLE " + staging + " RENAME TO " + SqlEngine.quote(name[1]));
        s.execute("COMMIT");
      }
      List<String> before = loaded.put(e.path().toAbsolutePath().normalize(), List.of(name));
      if (before != null && !before.equals(List.of(name))) {
        // the flight's name changed (another file now shares its base name): the old table goes
        drop(before);
      }
      return null;
    } catch (SQLException | IOException | RuntimeException ex) {
      try (DuckDBConnection c = engine.connect(); Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS " + staging);
      } catch (SQLException ignored) {
        // the problem reported is the load's
      }
      return shown + ": " + Failures.message(ex);
    }
  }

  /**
   * The top-level columns that every file of the flight (or the upload of an ingestion) declares
   * non-nullable become NOT NULL columns of the table (a table made AS SELECT has none), so that
   * the table's description says what the files do. A null catalog is the engine's own. Columns pair with fields by position: the engine renames a column whose
   * name another already has, ignoring case. A column whose rows hold nulls all the same stays
   * nullable.
   */
  static void keepNotNull(DuckDBConnection c, String catalog, String schema, String table, List<Schema> fileSchemas)
      throws SQLException {
    List<Field> fields = fileSchemas.get(0).getFields();
    List<String> columns = new ArrayList<>();
    try (java.sql.PreparedStatement s = c.prepareStatement("SELECT column_name FROM information_schema.columns"
        + " WHERE table_catalog = coalesce(?, current_database()) AND table_schema = ? AND table_name = ?"
        + " ORDER BY ordinal_position")) {
      s.setString(1, catalog);
      s.setString(2, schema);
      s.setString(3, table);
      try (java.sql.ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
    }
    if (columns.size() != fields.size()) {
      return;
    }
    for (int i = 0; i < fields.size(); i++) {
      if (!nonNullableInAll(fileSchemas, i)) {
        continue;
      }
      try (Statement s = c.createStatement()) {
        s.execute("ALTER TABLE " + (catalog == null ? "" : SqlEngine.quote(catalog) + ".") + SqlEngine.quote(schema)
            + "." + SqlEngine.quote(table) + " ALTER COLUMN "
            + SqlEngine.quote(columns.get(i)) + " SET NOT NULL");
      } catch (SQLException nullsAfterAll) {
        // a file broke its own schema: the column stays nullable
      }
    }
  }

  /** Whether field {@code i} is non-nullable in every schema (each with as many fields as the first). */
  private static boolean nonNullableInAll(List<Schema> schemas, int i) {
    int n = schemas.get(0).getFields().size();
    for (Schema s : schemas) {
      if (s.getFields().size() != n || s.getFields().get(i).isNullable()) {
        return false;
      }
    }
    return true;
  }

  /** A file's rows as a reader that owns the open file. */
  private ArrowReader rowsOf(Path file) throws IOException {
    BatchSource source = files.open(file);
    try {
      if (source.dictionaries() == null) {
        return new RootsReader(allocator, source.schema(), () -> source.loadNext() ? source.root() : null, source);
      }
      if (DecodedBatches.nestedDictionaries(source.schema())) {
        throw new IOException("dictionary-encoded columns inside nested columns are not loaded into SQL");
      }
      DecodedBatches decoded = new DecodedBatches(source);
      return new RootsReader(allocator, decoded.schema(), decoded, () -> {
        decoded.close();
        source.close();
      });
    } catch (IOException | RuntimeException e) {
      source.close();
      throw e;
    }
  }
}
