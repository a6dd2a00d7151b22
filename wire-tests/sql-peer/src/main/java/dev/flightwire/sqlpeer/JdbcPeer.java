package dev.flightwire.sqlpeer;

import static dev.flightwire.sqlpeer.CheckList.check;
import static dev.flightwire.sqlpeer.CheckList.checkEquals;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The Arrow Flight SQL JDBC driver (the shaded flight-sql-jdbc-driver jar, alone on its class
 * path) against a Flight SQL server that serves the {@link Fixture} tables. Uses java.sql only.
 */
public final class JdbcPeer {
  private static final String BAD_QUERY = "SELECT * FROM no_such_table";

  private final CheckList.Options options;

  private JdbcPeer(CheckList.Options options) {
    this.options = options;
  }

  public static void main(String[] args) {
    CheckList.Options options = CheckList.Options.parse(args);
    JdbcPeer peer = new JdbcPeer(options);
    CheckList list = new CheckList()
        .add("connect", peer::connect)
        .add("credentials_refused", peer::credentialsRefused)
        .add("catalogs", peer::catalogs)
        .add("schemas", peer::schemas)
        .add("tables", peer::tables)
        .add("columns", peer::columns)
        .add("primary_keys", peer::primaryKeys)
        .add("metadata_all", peer::metadataAll)
        .add("query", peer::query)
        .add("types", peer::types)
        .add("prepared", peer::prepared)
        .add("update", peer::update)
        .add("large_result", peer::largeResult)
        .add("error", peer::error);
    System.exit(list.run(options));
  }

  /**
   * Every DatabaseMetaData method without arguments that answers from the server's information
   * (booleans, ints, strings: what tools such as DBeaver read on connect) answers without throwing.
   */
  private void metadataAll() throws Exception {
    try (Connection c = open()) {
      DatabaseMetaData md = c.getMetaData();
      java.util.List<String> failed = new java.util.ArrayList<>();
      int called = 0;
      for (java.lang.reflect.Method m : DatabaseMetaData.class.getMethods()) {
        Class<?> r = m.getReturnType();
        if (m.getParameterCount() != 0 || !(r == boolean.class || r == int.class || r == String.class)) {
          continue;
        }
        called++;
        try {
          m.invoke(md);
        } catch (java.lang.reflect.InvocationTargetException e) {
          Throwable cause = e.getCause();
          if (!(cause instanceof java.sql.SQLFeatureNotSupportedException)) {
            failed.add(m.getName() + ": " + cause);
          }
        }
      }
      check(called > 100, "only " + called + " DatabaseMetaData methods found");
      check(failed.isEmpty(), failed.size() + " of " + called + " DatabaseMetaData methods failed: " + failed);
    }
  }

  private String url() {
    return "jdbc:arrow-flight-sql://" + options.host + ":" + options.port + "/?useEncryption=false";
  }

  private Connection open() throws SQLException {
    return open(options.user, options.password);
  }

  private Connection open(String user, String password) throws SQLException {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
      p.setProperty("password", password);
    }
    return DriverManager.getConnection(url(), p);
  }

  private void connect() throws Exception {
    try (Connection c = open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 42")) {
      check(rs.next(), "SELECT 42 returned no row");
      checkEquals(42L, rs.getLong(1), "SELECT 42");
      check(!rs.next(), "SELECT 42 returned more than one row");
    }
  }

  /** With --user: a wrong password and no credentials at all are both refused. */
  private void credentialsRefused() throws Exception {
    if (options.user == null) {
      throw new CheckList.Skip("the server needs no credentials in this run");
    }
    for (String[] creds : new String[][] {{options.user, options.password + "-wrong"}, {null, null}}) {
      try (Connection c = open(creds[0], creds[1]); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT 42")) {
        throw new AssertionError("a query with " + (creds[0] == null ? "no credentials" : "a wrong password")
            + " was answered");
      } catch (SQLException expected) {
        // refused, at connect or at the first call
      }
    }
  }

  /** Where {@code people} is: its TABLE_CAT and TABLE_SCHEM. */
  private String[] peopleLocation(DatabaseMetaData md) throws SQLException {
    try (ResultSet rs = md.getTables(null, null, Fixture.PEOPLE, null)) {
      check(rs.next(), "getTables(null, null, people, null) found no table");
      String[] where = {rs.getString("TABLE_CAT"), rs.getString("TABLE_SCHEM")};
      checkEquals(Fixture.PEOPLE, rs.getString("TABLE_NAME"), "TABLE_NAME");
      check(!rs.next(), "getTables found people twice");
      return where;
    }
  }

  private void catalogs() throws Exception {
    try (Connection c = open()) {
      DatabaseMetaData md = c.getMetaData();
      String[] where = peopleLocation(md);
      List<String> catalogs = new ArrayList<>();
      try (ResultSet rs = md.getCatalogs()) {
        while (rs.next()) {
          catalogs.add(rs.getString("TABLE_CAT"));
        }
      }
      check(!catalogs.isEmpty(), "getCatalogs returned no catalog");
      if (where[0] != null) {
        check(catalogs.contains(where[0]), "getCatalogs " + catalogs + " lacks people's catalog " + where[0]);
      }
    }
  }

  private void schemas() throws Exception {
    try (Connection c = open()) {
      DatabaseMetaData md = c.getMetaData();
      String[] where = peopleLocation(md);
      List<String> schemas = new ArrayList<>();
      try (ResultSet rs = md.getSchemas()) {
        while (rs.next()) {
          schemas.add(rs.getString("TABLE_CATALOG") + "." + rs.getString("TABLE_SCHEM"));
        }
      }
      check(schemas.contains(where[0] + "." + where[1]),
          "getSchemas " + schemas + " lacks people's schema " + where[0] + "." + where[1]);
      try (ResultSet rs = md.getSchemas(where[0], where[1])) {
        check(rs.next(), "getSchemas(" + where[0] + ", " + where[1] + ") found nothing");
        checkEquals(where[1], rs.getString("TABLE_SCHEM"), "TABLE_SCHEM");
      }
    }
  }

  private void tables() throws Exception {
    try (Connection c = open()) {
      DatabaseMetaData md = c.getMetaData();
      List<String> names = new ArrayList<>();
      try (ResultSet rs = md.getTables(null, null, "%", null)) {
        while (rs.next()) {
          names.add(rs.getString("TABLE_NAME"));
          check(rs.getString("TABLE_TYPE") != null, "TABLE_TYPE of " + rs.getString("TABLE_NAME") + " is null");
        }
      }
      check(names.contains(Fixture.PEOPLE) && names.contains(Fixture.BIG),
          "getTables(%) " + names + " lacks people or big");
      List<String> types = new ArrayList<>();
      try (ResultSet rs = md.getTableTypes()) {
        while (rs.next()) {
          types.add(rs.getString("TABLE_TYPE"));
        }
      }
      check(!types.isEmpty(), "getTableTypes returned nothing");
      // the table type filter
      List<String> tablesOnly = new ArrayList<>();
      try (ResultSet rs = md.getTables(null, null, "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          tablesOnly.add(rs.getString("TABLE_NAME"));
          checkEquals("TABLE", rs.getString("TABLE_TYPE"), "TABLE_TYPE of " + rs.getString("TABLE_NAME"));
        }
      }
      check(tablesOnly.contains(Fixture.PEOPLE), "getTables(%, {TABLE}) " + tablesOnly + " lacks people");
      try (ResultSet rs = md.getTables(null, null, "%", new String[] {"NO SUCH TYPE"})) {
        check(!rs.next(), "getTables(%, {NO SUCH TYPE}) found a table");
      }
      // a pattern that matches people only
      try (ResultSet rs = md.getTables(null, null, "peo%", null)) {
        check(rs.next(), "getTables(peo%) found nothing");
        checkEquals(Fixture.PEOPLE, rs.getString("TABLE_NAME"), "getTables(peo%)");
      }
    }
  }

  private void columns() throws Exception {
    try (Connection c = open()) {
      DatabaseMetaData md = c.getMetaData();
      List<String> seen = new ArrayList<>();
      try (ResultSet rs = md.getColumns(null, null, Fixture.PEOPLE, "%")) {
        while (rs.next()) {
          seen.add(rs.getString("COLUMN_NAME") + ":" + rs.getInt("DATA_TYPE") + ":" + rs.getInt("ORDINAL_POSITION"));
        }
      }
      List<String> expected = List.of("id:" + Types.BIGINT + ":1", "name:" + Types.VARCHAR + ":2",
          "score:" + Types.DOUBLE + ":3");
      checkEquals(expected, seen, "getColumns(people) as name:DATA_TYPE:ORDINAL_POSITION");
    }
  }

  /** A table made with a primary key shows it in getPrimaryKeys; a served file has none. */
  private void primaryKeys() throws Exception {
    try (Connection c = open(); Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE jdbc_keyed (k INTEGER PRIMARY KEY, v VARCHAR)");
      DatabaseMetaData md = c.getMetaData();
      List<String> keys = new ArrayList<>();
      try (ResultSet rs = md.getPrimaryKeys(null, null, "jdbc_keyed")) {
        while (rs.next()) {
          keys.add(rs.getString("TABLE_NAME") + "." + rs.getString("COLUMN_NAME") + "#" + rs.getInt("KEY_SEQ"));
        }
      }
      checkEquals(List.of("jdbc_keyed.k#1"), keys, "getPrimaryKeys(jdbc_keyed)");
      try (ResultSet rs = md.getPrimaryKeys(null, null, Fixture.PEOPLE)) {
        if (rs.next()) {
          throw new AssertionError("getPrimaryKeys(people) found a key: " + rs.getString("COLUMN_NAME"));
        }
      }
    }
  }

  private void query() throws Exception {
    try (Connection c = open(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT id, name, score FROM people ORDER BY id")) {
      checkEquals(3, rs.getMetaData().getColumnCount(), "column count");
      checkEquals("name", rs.getMetaData().getColumnName(2), "second column's name");
      for (int i = 0; i < Fixture.IDS.length; i++) {
        check(rs.next(), "only " + i + " rows");
        checkEquals(Fixture.IDS[i], rs.getLong(1), "id of row " + i);
        checkEquals(Fixture.NAMES[i], rs.getString(2), "name of row " + i);
        double score = rs.getDouble(3);
        checkEquals(Fixture.SCORES[i], rs.wasNull() ? null : score, "score of row " + i);
      }
      check(!rs.next(), "more rows than " + Fixture.IDS.length);
    }
  }

  /** Values of more SQL types, as the driver's getters and getObject give them. */
  private void types() throws Exception {
    String sql = "SELECT DATE '2024-01-02' AS d, TIMESTAMP '2024-01-02 03:04:05.123' AS ts,"
        + " CAST(1.25 AS DECIMAL(10,2)) AS dec, true AS b, CAST(7 AS SMALLINT) AS sm, 'h\u00e9llo \u2713' AS s,"
        + " CAST(NULL AS INTEGER) AS nul, CAST(3.5 AS FLOAT) AS f, TIME '01:02:03' AS t, BLOB 'ab' AS bl";
    try (Connection c = open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<Integer> types = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        types.add(md.getColumnType(i));
      }
      checkEquals(List.of(Types.DATE, Types.TIMESTAMP, Types.DECIMAL, Types.BOOLEAN, Types.SMALLINT, Types.VARCHAR,
          Types.INTEGER, Types.FLOAT, Types.TIME, Types.VARBINARY), types, "column types");
      check(rs.next(), "no row");
      checkEquals(java.sql.Date.valueOf("2024-01-02"), rs.getDate("d"), "d");
      checkEquals(java.sql.Timestamp.valueOf("2024-01-02 03:04:05.123"), rs.getTimestamp("ts"), "ts");
      checkEquals(new java.math.BigDecimal("1.25"), rs.getBigDecimal("dec"), "dec");
      checkEquals(true, rs.getBoolean("b"), "b");
      checkEquals((short) 7, rs.getShort("sm"), "sm");
      checkEquals("h\u00e9llo \u2713", rs.getString("s"), "s");
      checkEquals(0, rs.getInt("nul"), "nul");
      check(rs.wasNull(), "nul was not null");
      checkEquals(3.5f, rs.getFloat("f"), "f");
      checkEquals(java.sql.Time.valueOf("01:02:03"), rs.getTime("t"), "t");
      checkEquals("ab", new String(rs.getBytes("bl"), java.nio.charset.StandardCharsets.UTF_8), "bl");
      check(!rs.next(), "more than one row");
    }
  }

  private void prepared() throws Exception {
    try (Connection c = open();
         PreparedStatement ps = c.prepareStatement("SELECT name FROM people WHERE id = ? OR name = ? ORDER BY id")) {
      // what the server said of the statement when it prepared it
      checkEquals(2, ps.getParameterMetaData().getParameterCount(), "parameters of the prepared statement");
      checkEquals(1, ps.getMetaData().getColumnCount(), "result columns of the prepared statement");
      ps.setInt(1, 2);
      ps.setString(2, "linus");
      checkEquals(List.of("grace", "linus"), names(ps), "id = 2 OR name = 'linus'");
      ps.setLong(1, 1); // the same statement again, other values
      ps.setString(2, "barbara");
      checkEquals(List.of("ada", "barbara"), names(ps), "id = 1 OR name = 'barbara'");
    }
    try (Connection c = open();
         PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM people WHERE score > ?")) {
      ps.setDouble(1, 8.0);
      try (ResultSet rs = ps.executeQuery()) {
        check(rs.next(), "no row");
        checkEquals(2L, rs.getLong(1), "count(*) where score > 8.0");
      }
    }
  }

  private static List<String> names(PreparedStatement ps) throws SQLException {
    List<String> names = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private void update() throws Exception {
    try (Connection c = open(); Statement s = c.createStatement()) {
      s.executeUpdate("CREATE TABLE jdbc_items (a INTEGER, b VARCHAR)");
      checkEquals(2, s.executeUpdate("INSERT INTO jdbc_items VALUES (1, 'x'), (2, 'y')"), "INSERT of 2 rows");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO jdbc_items VALUES (?, ?)")) {
        ps.setInt(1, 3);
        ps.setString(2, "z");
        checkEquals(1, ps.executeUpdate(), "prepared INSERT of 1 row");
      }
      checkEquals(2, s.executeUpdate("UPDATE jdbc_items SET b = 'w' WHERE a >= 2"), "UPDATE of 2 rows");
      List<String> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT a, b FROM jdbc_items ORDER BY a")) {
        while (rs.next()) {
          rows.add(rs.getInt(1) + rs.getString(2));
        }
      }
      checkEquals(List.of("1x", "2w", "3w"), rows, "jdbc_items after the updates");
    }
  }

  private void largeResult() throws Exception {
    try (Connection c = open(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT n FROM big")) {
      long rows = 0;
      long sum = 0;
      while (rs.next()) {
        sum += rs.getLong(1);
        rows++;
      }
      checkEquals(Fixture.BIG_ROWS, rows, "rows of big");
      checkEquals(Fixture.BIG_SUM, sum, "sum of n over big");
    }
  }

  private void error() throws Exception {
    try (Connection c = open(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery(BAD_QUERY)) {
        throw new AssertionError("a query of a missing table was answered");
      } catch (SQLException e) {
        // the driver may quote the query: the table's name must also appear outside of it
        String all = messages(e);
        check(all.replace(BAD_QUERY, "").contains("no_such_table"),
            "the SQLException does not carry the server's message: " + all);
      }
      // the connection still works after the error
      try (ResultSet rs = s.executeQuery("SELECT 1")) {
        check(rs.next(), "SELECT 1 after the error returned nothing");
      }
    }
  }

  private static String messages(Throwable e) {
    StringBuilder s = new StringBuilder();
    for (Throwable t = e; t != null && s.length() < 4000; t = t.getCause()) {
      s.append(t.getMessage()).append(" | ");
    }
    return s.toString();
  }
}
