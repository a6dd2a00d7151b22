package dev.flightwire.internal.http2;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import org.junit.jupiter.api.Test;

/** Which HEADERS frames open a stream below one the client already used (RFC 9113 section 5.1.1). */
class StreamIdOrderTest {
  private final Http2Connection connection = new DefaultHttp2Connection(true);
  private final StreamIdOrder order = new StreamIdOrder(new DefaultHttp2FrameReader(), connection);

  private void refused(int id) {
    Http2Exception e = assertThrows(Http2Exception.class, () -> order.check(id));
    assertEquals(Http2Error.PROTOCOL_ERROR, e.error());
  }

  @Test
  void aSkippedIdIsAConnectionErrorAUsedOneIsNot() throws Exception {
    order.check(1);
    order.check(7); // skips 3 and 5
    refused(3);
    refused(5);
    assertDoesNotThrow(() -> order.check(1)); // used before: Netty's closed-stream handling decides
    assertDoesNotThrow(() -> order.check(7));
    assertDoesNotThrow(() -> order.check(9));
    assertDoesNotThrow(() -> order.check(4)); // even: not a client stream, Netty's checks
  }

  @Test
  void theFirstStreamMaySkipIds() throws Exception {
    order.check(5);
    refused(1);
    refused(3);
  }

  @Test
  void anOpenStreamIsNeverRefused() throws Exception {
    order.check(1);
    order.check(5);
    connection.remote().createStream(5, false);
    assertDoesNotThrow(() -> order.check(5)); // trailers of an open stream
  }

  @Test
  void onlyTheMostRecentGapsAreRemembered() throws Exception {
    int id = 1;
    for (int i = 0; i <= StreamIdOrder.MAX_GAPS + 1; i++) { // MAX_GAPS + 1 gaps
      order.check(id);
      id += 4; // skips one id each time
    }
    assertDoesNotThrow(() -> order.check(3)); // the oldest gap is forgotten: left to Netty
    refused(7);
    refused(id - 6);
  }
}
