package dev.flightwire.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightStatusCode;
import dev.flightwire.internal.proto.sql.ActionCancelQueryResult;
import dev.flightwire.internal.proto.sql.ActionEndTransactionRequest;
import org.junit.jupiter.api.Test;

/** Bytes that are not what the caller expects fail with INVALID_ARGUMENT naming what came. */
class ParseErrorsTest {
  private static final String PREFIX = "type.googleapis.com/arrow.flight.protocol.sql.";

  private static byte[] any(String typeUrl, byte[] value) {
    return Any.newBuilder().setTypeUrl(typeUrl).setValue(ByteString.copyFrom(value)).build().toByteArray();
  }

  private static String commandError(byte[] bytes) {
    FlightInvalidArgumentError e = assertThrows(FlightInvalidArgumentError.class, () -> FlightSqlCommand.parse(bytes));
    assertEquals(FlightStatusCode.INVALID_ARGUMENT, e.code());
    return e.getMessage();
  }

  @Test
  void garbageIsNotAnAny() {
    String m = commandError(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
    assertTrue(m.contains("not a Flight SQL command") && m.contains("google.protobuf.Any"), m);
  }

  @Test
  void aPlainTextTicketIsRefusedNamingItsTypeUrl() {
    // "dataset/sales": 'd' is tag 12 (field 12, varint), and so on; whatever it parses as, it is
    // no Flight SQL command
    String m = commandError("dataset/sales".getBytes());
    assertTrue(m.contains("not a Flight SQL command"), m);
  }

  @Test
  void anotherPackagesTypeUrlIsNamed() {
    String url = "type.googleapis.com/google.protobuf.Empty";
    String m = commandError(any(url, new byte[0]));
    assertTrue(m.contains("'" + url + "'"), m);
  }

  @Test
  void aHugeTypeUrlIsCutInTheMessage() {
    String url = "type.googleapis.com/" + "x".repeat(100_000);
    String m = commandError(any(url, new byte[0]));
    assertTrue(m.length() < 400, "message of " + m.length() + " characters");
    assertTrue(m.contains(url.substring(0, 200) + "... (100020 characters)"), m);
  }

  @Test
  void anUnknownFlightSqlMessageIsNamed() {
    String url = PREFIX + "CommandFromTheFuture";
    assertTrue(commandError(any(url, new byte[0])).contains(url));
    assertTrue(commandError(any(PREFIX, new byte[0])).contains("'" + PREFIX + "'"));
  }

  @Test
  void anActionBodyIsNoCommand() {
    String m = commandError(new BeginTransactionRequest().toBytes());
    assertTrue(m.contains("'" + PREFIX + "ActionBeginTransactionRequest'"), m);
  }

  @Test
  void aMalformedCommandNamesItsTypeUrl() {
    // query = 1 claims 5 bytes, 1 follows
    String url = PREFIX + "CommandStatementQuery";
    String m = commandError(any(url, new byte[] {0x0A, 0x05, 'a'}));
    assertTrue(m.contains("malformed") && m.contains(url), m);
  }

  @Test
  void anActionParserRefusesAnotherMessage() {
    byte[] command = new StatementQuery("SELECT 1").toBytes();
    FlightInvalidArgumentError e = assertThrows(FlightInvalidArgumentError.class,
        () -> BeginTransactionResult.parse(command));
    assertTrue(e.getMessage().contains("ActionBeginTransactionResult")
        && e.getMessage().contains("'" + PREFIX + "CommandStatementQuery'"), e.getMessage());
    assertThrows(FlightInvalidArgumentError.class, () -> DoPutUpdateResult.parse(new byte[] {(byte) 0xFF}));
    assertThrows(FlightInvalidArgumentError.class, () -> CreatePreparedStatementResult.parse(
        any(PREFIX + "ActionCreatePreparedStatementResult", new byte[] {0x0A, 0x09})));
  }

  @Test
  @SuppressWarnings("deprecation") // ActionCancelQueryResult
  void unknownEnumValuesReadAsUnspecified() {
    byte[] end = any(PREFIX + "ActionEndTransactionRequest",
        ActionEndTransactionRequest.newBuilder().setActionValue(7).build().toByteArray());
    assertEquals(EndTransaction.UNSPECIFIED, EndTransactionRequest.parse(end).action());
    byte[] cancel = any(PREFIX + "ActionCancelQueryResult",
        ActionCancelQueryResult.newBuilder().setResultValue(-3).build().toByteArray());
    assertEquals(CancelResult.UNSPECIFIED, CancelQueryResult.parse(cancel).result());
  }
}
