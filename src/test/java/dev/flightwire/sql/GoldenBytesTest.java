package dev.flightwire.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Wire bytes written by hand from the protobuf encoding: an Any is field 1 (tag 0x0A) the type
 * URL, field 2 (tag 0x12) the message; a length-delimited field is tag, length, bytes; a varint
 * field is tag, value. Each case is checked both ways.
 */
class GoldenBytesTest {
  private static final String PREFIX = "type.googleapis.com/arrow.flight.protocol.sql.";

  @Test
  void statementQuery() {
    byte[] expected = WireBytes.of(
        0x0A, 67, PREFIX + "CommandStatementQuery",
        0x12, 10,
        0x0A, 8, "SELECT 1");  // query = 1; transaction_id unset, so absent
    StatementQuery q = new StatementQuery("SELECT 1");
    assertArrayEquals(expected, q.toBytes());
    assertEquals(q, FlightSqlCommand.parse(expected));
  }

  @Test
  void statementQueryInATransaction() {
    byte[] expected = WireBytes.of(
        0x0A, 67, PREFIX + "CommandStatementQuery",
        0x12, 14,
        0x0A, 8, "SELECT 1",
        0x12, 2, 0x01, 0x02);  // transaction_id = 2
    StatementQuery q = new StatementQuery("SELECT 1", new byte[] {1, 2});
    assertArrayEquals(expected, q.toBytes());
    assertEquals(q, FlightSqlCommand.parse(expected));
  }

  @Test
  void getTablesWithTableTypesAndSchema() {
    byte[] expected = WireBytes.of(
        0x0A, 62, PREFIX + "CommandGetTables",
        0x12, 23,
        0x12, 6, "public",  // db_schema_filter_pattern = 2 (catalog = 1 unset)
        0x22, 5, "TABLE",   // table_types = 4, repeated
        0x22, 4, "VIEW",
        0x28, 1);           // include_schema = 5, varint true
    GetTables t = new GetTables(null, "public", null, List.of("TABLE", "VIEW"), true);
    assertArrayEquals(expected, t.toBytes());
    assertEquals(t, FlightSqlCommand.parse(expected));
  }

  @Test
  void getTablesSendsAnEmptyOptionalStringButNotAnUnsetOne() {
    byte[] expected = WireBytes.of(
        0x0A, 62, PREFIX + "CommandGetTables",
        0x12, 5,
        0x0A, 0,         // catalog = 1 set to "" (tables without a catalog)
        0x1A, 1, "%");   // table_name_filter_pattern = 3
    GetTables t = new GetTables("", null, "%", List.of(), false);
    assertArrayEquals(expected, t.toBytes());
    GetTables parsed = (GetTables) FlightSqlCommand.parse(expected);
    assertEquals("", parsed.catalog());
    assertEquals(null, parsed.dbSchemaFilterPattern());
    assertEquals(t, parsed);
  }

  @Test
  void createPreparedStatementResult() {
    byte[] expected = WireBytes.of(
        0x0A, 81, PREFIX + "ActionCreatePreparedStatementResult",
        0x12, 9,
        0x0A, 2, "h1",              // prepared_statement_handle = 1
        0x12, 3, 0x01, 0x02, 0x03);  // dataset_schema = 2; parameter_schema = 3 empty, so absent
    CreatePreparedStatementResult r =
        new CreatePreparedStatementResult("h1".getBytes(), new byte[] {1, 2, 3}, new byte[0]);
    assertArrayEquals(expected, r.toBytes());
    assertEquals(r, CreatePreparedStatementResult.parse(expected));
  }

  @Test
  void anotherTypeUrlPrefixIsAccepted() {
    byte[] bytes = WireBytes.of(
        0x0A, 58, "example.com/x/arrow.flight.protocol.sql.CommandGetCatalogs");
    assertEquals(new GetCatalogs(), FlightSqlCommand.parse(bytes));
  }
}
