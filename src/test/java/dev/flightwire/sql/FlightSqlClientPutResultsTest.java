package dev.flightwire.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.FlightInternalError;
import dev.flightwire.internal.sql.SqlPutResults;
import org.junit.jupiter.api.Test;

/** The DoPut results FlightSqlClient reads: bare messages, as Arrow Java writes them. */
class FlightSqlClientPutResultsTest {
  @Test
  void updateResultIsTheBareMessage() {
    // DoPutUpdateResult{record_count = 3}: field 1, varint
    assertArrayEquals(new byte[] {0x08, 0x03}, SqlPutResults.updateResult(3));
    assertEquals(3, SqlPutResults.recordCount(new byte[] {0x08, 0x03}, "test"));
    assertEquals(-1, SqlPutResults.recordCount(SqlPutResults.updateResult(-1), "test"));
    assertEquals(0, SqlPutResults.recordCount(new byte[0], "test"));
  }

  @Test
  void anAnyWrappedUpdateResultIsAcceptedToo() {
    assertEquals(42, SqlPutResults.recordCount(wrapped("DoPutUpdateResult", new DoPutUpdateResult(42).toBytes()), "test"));
  }

  @Test
  void aMalformedUpdateResultNamesTheCall() {
    FlightInternalError e = assertThrows(FlightInternalError.class,
        () -> SqlPutResults.recordCount(new byte[] {0x08}, "the DoPut of StatementUpdate"));
    assertTrue(e.getMessage().contains("the DoPut of StatementUpdate"), e.getMessage());
  }

  @Test
  void preparedStatementResultCarriesAnOptionalHandle() {
    assertArrayEquals(new byte[] {1, 2}, SqlPutResults.newHandle(SqlPutResults.preparedStatementResult(new byte[] {1, 2})));
    assertNull(SqlPutResults.newHandle(SqlPutResults.preparedStatementResult(null)));
    assertNull(SqlPutResults.newHandle(SqlPutResults.preparedStatementResult(new byte[0])));
    assertThrows(FlightInternalError.class, () -> SqlPutResults.newHandle(new byte[] {0x0A, 0x05}));
    assertArrayEquals(new byte[] {3}, SqlPutResults.newHandle(new DoPutPreparedStatementResult(new byte[] {3}).toBytes()));
    assertNull(SqlPutResults.newHandle(new DoPutPreparedStatementResult(null).toBytes()));
    assertArrayEquals(new byte[] {3}, SqlPutResults.newHandle(wrapped("DoPutPreparedStatementResult",
        new DoPutPreparedStatementResult(new byte[] {3}).toBytes())));
  }

  /** The bare message wrapped in a google.protobuf.Any, as a server might send it by mistake. */
  private static byte[] wrapped(String name, byte[] bare) {
    return com.google.protobuf.Any.newBuilder().setTypeUrl("type.googleapis.com/arrow.flight.protocol.sql." + name)
        .setValue(com.google.protobuf.ByteString.copyFrom(bare)).build().toByteArray();
  }
}
