package dev.flightwire.internal.http2;

import static dev.flightwire.internal.http2.testing.EmbeddedServer.assertMessage;
import static dev.flightwire.internal.http2.testing.Http2Peer.bytes;
import static dev.flightwire.internal.http2.testing.Http2Peer.grpcMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.internal.call.ClientStream;
import dev.flightwire.internal.grpc.GrpcStatus;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;
import dev.flightwire.internal.http2.testing.EmbeddedClient;
import dev.flightwire.internal.http2.testing.EmbeddedServer;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client connection handler and its calls frame by frame, on an embedded channel, with the
 * test playing the server: what a call puts on the wire, how each response shape reads (full,
 * Trailers-Only, reset, refused by GOAWAY), cancellation, and when receive window goes back.
 */
class ClientFramesTest {
  private static final String GET_FLIGHT_INFO = "/arrow.flight.protocol.FlightService/GetFlightInfo";
  private static final int WINDOW = 65_536;

  private static EmbeddedClient client() {
    return new EmbeddedClient(EmbeddedServer.config(WINDOW, 1 << 20, 1 << 20));
  }

  private static Http2Headers responseHeaders() {
    return new DefaultHttp2Headers().status("200").set("content-type", "application/grpc");
  }

  private static Http2Headers trailers(GrpcStatusCode code, String message) {
    Http2Headers h = new DefaultHttp2Headers().set("grpc-status", Integer.toString(code.value()));
    if (message != null) {
      h.set("grpc-message", message);
    }
    return h;
  }

  /** After the handshake, a call with a 3-byte request whose frames the peer has already read. */
  private static ClientStream openedCall(EmbeddedClient c, String path) {
    c.peer.frames();
    c.handshake();
    ClientStream call = c.call(path, grpcMessage(bytes(3)), -1);
    c.peer.frames();
    return call;
  }

  @Test
  void connectionStartsWithPrefaceSettingsAndWindowUpdate() {
    try (EmbeddedClient c = client()) {
      List<String> start = c.peer.frames();
      assertEquals(List.of("PREFACE", "SETTINGS {ENABLE_PUSH=0, MAX_CONCURRENT_STREAMS=0, INITIAL_WINDOW_SIZE=65536, "
          + "MAX_FRAME_SIZE=16384, MAX_HEADER_LIST_SIZE=16384}", "WINDOW_UPDATE stream=0 +" + ((1 << 20) - 65_535)),
          start);
      assertEquals(List.of("SETTINGS ACK"), c.handshake());
    }
  }

  /** HEADERS as gRPC asks (POST, te: trailers, content-type), the request in DATA with END_STREAM; the response reads whole. */
  @Test
  void aUnaryCallOnTheWire() {
    try (EmbeddedClient c = client()) {
      c.peer.frames();
      c.handshake();
      ClientStream call = c.call(GET_FLIGHT_INFO, grpcMessage(bytes(3)), -1);
      assertEquals(List.of("HEADERS stream=3 {:method=POST, :scheme=http, :path=" + GET_FLIGHT_INFO
          + ", :authority=localhost, content-type=application/grpc, te=trailers, user-agent=test}",
          "DATA stream=3 length=8 0000000003000102 END_STREAM"), c.peer.frames());
      c.peer.headers(3, responseHeaders(), false).data(3, grpcMessage(bytes(4)), false)
          .headers(3, trailers(GrpcStatusCode.OK, null), true).send();
      assertMessage(bytes(4), call.readMessage());
      assertNull(call.readMessage());
      assertEquals(GrpcStatusCode.OK, call.awaitStatus().code());
      assertEquals(List.of(), c.peer.frames(), "a clean end: no RST_STREAM");
    }
  }

  /** A Trailers-Only response (one HEADERS frame with the status) fails the call with that status and message. */
  @Test
  void trailersOnlyEndsTheCallWithItsStatus() {
    try (EmbeddedClient c = client()) {
      ClientStream call = openedCall(c, GET_FLIGHT_INFO);
      Http2Headers h = responseHeaders();
      h.set("grpc-status", "5").set("grpc-message", "no such flight");
      c.peer.headers(3, h, true).send();
      GrpcStatusException e = assertThrows(GrpcStatusException.class, call::readMessage);
      assertEquals(GrpcStatusCode.NOT_FOUND, e.status().code());
      assertEquals("no such flight", e.status().message());
      assertEquals(List.of(), c.peer.frames());
    }
  }

  /** Cancelling a call resets its stream with CANCEL, and later reads throw the local status. */
  @Test
  void cancelSendsRstStreamCancel() {
    try (EmbeddedClient c = client()) {
      ClientStream call = openedCall(c, GET_FLIGHT_INFO);
      call.cancel(GrpcStatus.of(GrpcStatusCode.CANCELLED, "user cancelled"));
      assertEquals(List.of("RST_STREAM stream=3 CANCEL"), c.peer.frames());
      GrpcStatusException e = assertThrows(GrpcStatusException.class, call::readMessage);
      assertEquals(GrpcStatusCode.CANCELLED, e.status().code());
    }
  }

  /** A server's RST_STREAM fails the call with the status gRPC maps its code to. */
  @Test
  void aResetFromTheServerFailsTheCall() {
    try (EmbeddedClient c = client()) {
      ClientStream call = openedCall(c, GET_FLIGHT_INFO);
      c.peer.headers(3, responseHeaders(), false).rst(3, Http2Error.INTERNAL_ERROR).send();
      GrpcStatusException e = assertThrows(GrpcStatusException.class, call::readMessage);
      assertEquals(GrpcStatusCode.INTERNAL, e.status().code(), e.status().toString());
      assertEquals(List.of(), c.peer.frames(), "no frame in answer to a reset");
    }
  }

  /** A GOAWAY whose last stream id is below the call's: the call was refused unprocessed and may be retried. */
  @Test
  void aCallAboveTheGoAwaysLastStreamIsRefused() {
    try (EmbeddedClient c = client()) {
      c.peer.frames();
      c.handshake();
      ClientStream first = c.call(GET_FLIGHT_INFO, grpcMessage(bytes(3)), -1);
      ClientStream second = c.call(GET_FLIGHT_INFO, grpcMessage(bytes(3)), -1);
      assertEquals(4, c.peer.frames().size(), "two HEADERS and two DATA");
      c.peer.goAway(3, Http2Error.NO_ERROR).send();
      assertThrows(GrpcStatusException.class, second::readMessage);
      assertTrue(second.wasRefused(), "stream 5 is above the last stream 3");
      // the first call is still served
      c.peer.headers(3, responseHeaders(), false).data(3, grpcMessage(bytes(2)), false)
          .headers(3, trailers(GrpcStatusCode.OK, null), true).send();
      assertMessage(bytes(2), first.readMessage());
      assertNull(first.readMessage());
      assertTrue(!first.wasRefused());
    }
  }

  /**
   * Received messages hold their window until the call reads them: nothing goes back while they
   * wait in the queue; once read, the stream's credit returns in one WINDOW_UPDATE.
   */
  @Test
  void receiveWindowReturnsOnlyAsMessagesAreRead() {
    try (EmbeddedClient c = client()) {
      ClientStream call = openedCall(c, "/arrow.flight.protocol.FlightService/DoGet");
      c.peer.headers(3, responseHeaders(), false);
      for (int i = 0; i < 4; i++) {
        c.peer.data(3, grpcMessage(bytes(10_000)), false);
      }
      c.peer.send();
      assertEquals(List.of(), c.peer.frames(), "nothing returned for messages still queued");
      for (int i = 0; i < 3; i++) {
        assertMessage(bytes(10_000), call.readMessage());
      }
      assertEquals(List.of(), c.peer.frames(), "30015 bytes read: under half the window");
      assertMessage(bytes(10_000), call.readMessage());
      assertEquals(List.of("WINDOW_UPDATE stream=3 +40020"), c.peer.frames());
      c.peer.headers(3, trailers(GrpcStatusCode.OK, null), true).send();
      assertNull(call.readMessage());
    }
  }
}
