package dev.flightwire.internal.call;

import static dev.flightwire.internal.http2.testing.EmbeddedServer.assertMessage;
import static dev.flightwire.internal.http2.testing.Http2Peer.bytes;
import static dev.flightwire.internal.http2.testing.Http2Peer.grpcMessage;
import static dev.flightwire.internal.http2.testing.Http2Peer.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.internal.grpc.GrpcStatus;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;
import dev.flightwire.internal.http2.testing.EmbeddedServer;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.Http2Error;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The server side of a call ({@link ServerStream} over the server connection handler) frame by
 * frame: what the handler's status looks like on the wire (Trailers-Only before any message,
 * trailers after), RST_STREAM in both directions, and gRPC message framing across DATA frames,
 * malformed prefixes included.
 */
class ServerStreamFramesTest {
  private static final String DO_GET = "/arrow.flight.protocol.FlightService/DoGet";
  private static final String RESPONSE_HEADERS = "HEADERS stream=1 {:status=200, content-type=application/grpc}";

  private static EmbeddedServer server() {
    return server(1 << 20);
  }

  private static EmbeddedServer server(int maxMessage) {
    EmbeddedServer s = new EmbeddedServer(EmbeddedServer.config(65_536, 1 << 20, maxMessage));
    s.handshake();
    return s;
  }

  private static GrpcStatusCode readFails(ServerStream call) {
    return assertThrows(GrpcStatusException.class, call::readMessage).status().code();
  }

  // ------------------------------------------------------------------ status on the wire

  /**
   * A call that fails before its first message answers Trailers-Only: one HEADERS frame with
   * END_STREAM carrying :status, content-type, grpc-status and the percent-encoded grpc-message.
   * The client had half-closed, so nothing follows.
   */
  @Test
  void errorBeforeAnyMessageIsTrailersOnly() {
    try (EmbeddedServer s = server()) {
      s.peer.request(1, DO_GET, false).data(1, grpcMessage(bytes(4)), true).send();
      ServerStream call = s.call(0);
      assertMessage(bytes(4), call.readMessage());
      call.finish(GrpcStatus.of(GrpcStatusCode.NOT_FOUND, "no ticket 100% \u00e9"));
      assertEquals(List.of("HEADERS stream=1 END_STREAM {:status=200, content-type=application/grpc, grpc-status=5, "
          + "grpc-message=no ticket 100%25 %C3%A9}"), s.peer.frames());
    }
  }

  /**
   * Trailers-Only while the client is still sending: the status, then RST_STREAM NO_ERROR so
   * that the client stops.
   */
  @Test
  void errorBeforeClientHalfClosedIsFollowedByRstNoError() {
    try (EmbeddedServer s = server()) {
      s.peer.request(1, DO_GET, false).send();
      s.call(0).finish(GrpcStatus.of(GrpcStatusCode.INVALID_ARGUMENT, "bad"));
      assertEquals(List.of(
          "HEADERS stream=1 END_STREAM {:status=200, content-type=application/grpc, grpc-status=3, grpc-message=bad}",
          "RST_STREAM stream=1 NO_ERROR"), s.peer.frames());
    }
  }

  /** A response: headers with the first message (not before), then trailers; OK carries no grpc-message. */
  @Test
  void responseIsHeadersDataTrailers() {
    try (EmbeddedServer s = server()) {
      s.peer.request(1, DO_GET, true).send();
      ServerStream call = s.call(0);
      assertNull(call.readMessage());
      assertEquals(List.of(), s.peer.frames(), "no response headers before the first message");
      call.writeMessage(s.alloc.buffer().writeBytes(grpcMessage(bytes(3))), false, false);
      call.writeMessage(s.alloc.buffer().writeBytes(grpcMessage(new byte[0])), false, false);
      call.finish(GrpcStatus.OK);
      assertEquals(List.of(RESPONSE_HEADERS,
          "DATA stream=1 length=8 0000000003000102",
          "DATA stream=1 length=5 0000000000",
          "HEADERS stream=1 END_STREAM {grpc-status=0}"), s.peer.frames());
      assertTrue(call.isFinished());
    }
  }

  // ------------------------------------------------------------------ RST_STREAM

  /**
   * RST_STREAM(CANCEL) from the client mid-call: the call is cancelled (its cancel handlers run,
   * a reader gets CANCELLED), the queued message and the partly received one are released at
   * once, nothing is written back, and a later write by the handler fails.
   */
  @Test
  void clientResetCancelsTheCallAndReleasesItsBuffers() {
    try (EmbeddedServer s = server()) {
      byte[] second = grpcMessage(bytes(1_000));
      s.peer.request(1, DO_GET, false).data(1, grpcMessage(bytes(500)), false)
          .data(1, range(second, 0, 600), false);
      ByteBuf in = s.peer.send();
      ServerStream call = s.call(0);
      AtomicInteger cancelled = new AtomicInteger();
      call.onCancel(cancelled::incrementAndGet);
      assertTrue(in.refCnt() > 0, "the queued message is a slice of the bytes received");
      assertTrue(s.alloc.metric().usedDirectMemory() > 0);

      s.peer.rst(1, Http2Error.CANCEL).send();
      assertEquals(List.of(), s.peer.frames());
      assertEquals(1, cancelled.get());
      assertTrue(call.isCancelled());
      assertEquals(0, in.refCnt(), "the queued message was released");
      assertEquals(0, s.alloc.metric().usedDirectMemory(), "the partly gathered message was released");
      GrpcStatusException e = assertThrows(GrpcStatusException.class, call::readMessage);
      assertEquals(GrpcStatusCode.CANCELLED, e.status().code());
      assertEquals("call cancelled by the client", e.status().message());
      ByteBuf reply = s.alloc.buffer().writeBytes(grpcMessage(bytes(1)));
      assertThrows(GrpcStatusException.class, () -> call.writeMessage(reply, false, false));
      assertEquals(0, reply.refCnt(), "a refused write releases its message");
      call.finish(GrpcStatus.OK);
      assertEquals(List.of(), s.peer.frames(), "nothing is written on a reset stream");
    }
  }

  /**
   * The server gives up on a call (an expired deadline, a handler that cannot go on): it tells
   * the client (trailers after a response started) and resets the stream with CANCEL.
   */
  @Test
  void serverCancelSendsStatusThenRstCancel() {
    try (EmbeddedServer s = server()) {
      s.peer.request(1, DO_GET, false).send();
      ServerStream call = s.call(0);
      call.writeMessage(s.alloc.buffer().writeBytes(grpcMessage(bytes(1))), false, false);
      assertEquals(List.of(RESPONSE_HEADERS, "DATA stream=1 length=6 0000000001" + "00"), s.peer.frames());
      call.cancelByServer(GrpcStatus.of(GrpcStatusCode.DEADLINE_EXCEEDED, "deadline exceeded on the server"));
      assertEquals(List.of(
          "HEADERS stream=1 END_STREAM {grpc-status=4, grpc-message=deadline exceeded on the server}",
          "RST_STREAM stream=1 CANCEL"), s.peer.frames());
      assertEquals(GrpcStatusCode.DEADLINE_EXCEEDED, readFails(call));
    }
  }

  /** Cancelling the call stream itself (no status to send) is a bare RST_STREAM CANCEL. */
  @Test
  void cancelIsRstCancel() {
    try (EmbeddedServer s = server()) {
      s.peer.request(1, DO_GET, false).data(1, grpcMessage(bytes(2)), false).send();
      ServerStream call = s.call(0);
      call.cancel(GrpcStatus.of(GrpcStatusCode.CANCELLED, "gone"));
      assertEquals(List.of("RST_STREAM stream=1 CANCEL"), s.peer.frames());
      assertEquals(0, s.alloc.metric().usedDirectMemory(), "the queued message was released");
    }
  }

  // ------------------------------------------------------------------ message framing

  /** One message over three DATA frames, its 5-byte prefix itself split: delivered once, whole. */
  @Test
  void messageSplitAcrossFramesArrivesWhole() {
    try (EmbeddedServer s = server()) {
      byte[] m = grpcMessage(bytes(20_000));
      s.peer.request(1, DO_GET, false).send();
      ServerStream call = s.call(0);
      s.peer.data(1, range(m, 0, 3), false).send();
      assertNull(call.pollMessage());
      s.peer.data(1, range(m, 3, 10_000), false).send();
      assertNull(call.pollMessage());
      s.peer.data(1, range(m, 10_000, m.length), true).send();
      assertMessage(bytes(20_000), call.readMessage());
      assertNull(call.readMessage());
      assertTrue(call.isInboundComplete());
    }
  }

  /** Several messages in one DATA frame, a zero-length one among them: each delivered, in order. */
  @Test
  void severalMessagesInOneFrameIncludingAnEmptyOne() {
    try (EmbeddedServer s = server()) {
      byte[] a = grpcMessage(bytes(7));
      byte[] empty = grpcMessage(new byte[0]);
      byte[] c = grpcMessage(bytes(300));
      byte[] frame = new byte[a.length + empty.length + c.length];
      System.arraycopy(a, 0, frame, 0, a.length);
      System.arraycopy(empty, 0, frame, a.length, empty.length);
      System.arraycopy(c, 0, frame, a.length + empty.length, c.length);
      s.peer.request(1, DO_GET, false).data(1, frame, true).send();
      ServerStream call = s.call(0);
      assertMessage(bytes(7), call.readMessage());
      assertMessage(new byte[0], call.readMessage());
      assertMessage(bytes(300), call.readMessage());
      assertNull(call.readMessage());
    }
  }

  /** A zero-length message alone: an empty message, then the end. */
  @Test
  void zeroLengthMessage() {
    try (EmbeddedServer s = server()) {
      s.peer.request(1, DO_GET, false).data(1, grpcMessage(new byte[0]), true).send();
      ByteBuf m = s.call(0).readMessage();
      assertEquals(0, m.readableBytes());
      m.release();
      assertNull(s.call(0).readMessage());
    }
  }

  /** Reserved flag bits in a prefix: INTERNAL, as Trailers-Only, and the stream reset NO_ERROR. */
  @Test
  void reservedFlagBitsAreInternal() {
    try (EmbeddedServer s = server()) {
      byte[] m = grpcMessage(bytes(2));
      m[0] = 0x02;
      s.peer.request(1, DO_GET, false).data(1, m, false).send();
      assertEquals(List.of(
          "HEADERS stream=1 END_STREAM {:status=200, content-type=application/grpc, grpc-status=13, "
              + "grpc-message=invalid gRPC message flag 0x2}",
          "RST_STREAM stream=1 NO_ERROR"), s.peer.frames());
      assertEquals(GrpcStatusCode.INTERNAL, readFails(s.call(0)));
    }
  }

  /** The compressed flag without a negotiated grpc-encoding: INTERNAL. */
  @Test
  void compressedFlagWithoutEncodingIsInternal() {
    try (EmbeddedServer s = server()) {
      byte[] m = grpcMessage(bytes(2));
      m[0] = 0x01;
      s.peer.request(1, DO_GET, false).data(1, m, true).send();
      assertEquals(List.of("HEADERS stream=1 END_STREAM {:status=200, content-type=application/grpc, grpc-status=13, "
          + "grpc-message=received a compressed message but no grpc-encoding was negotiated}"), s.peer.frames());
    }
  }

  /**
   * A length prefix over the limit: RESOURCE_EXHAUSTED from the prefix alone, before the payload
   * arrives and without allocating for it.
   */
  @Test
  void oversizeMessageIsResourceExhausted() {
    try (EmbeddedServer s = server(1_000)) {
      byte[] m = grpcMessage(bytes(1_001));
      s.peer.request(1, DO_GET, false).data(1, range(m, 0, 5), false).send();
      assertEquals(List.of(
          "HEADERS stream=1 END_STREAM {:status=200, content-type=application/grpc, grpc-status=8, "
              + "grpc-message=message of 1001 bytes exceeds the limit of 1000 bytes}",
          "RST_STREAM stream=1 NO_ERROR"), s.peer.frames());
      assertEquals(GrpcStatusCode.RESOURCE_EXHAUSTED, readFails(s.call(0)));
    }
  }

  /** A message of exactly the limit is accepted. */
  @Test
  void messageAtTheLimitIsAccepted() {
    try (EmbeddedServer s = server(1_000)) {
      s.peer.request(1, DO_GET, false).data(1, grpcMessage(bytes(1_000)), true).send();
      assertMessage(bytes(1_000), s.call(0).readMessage());
      assertEquals(List.of(), s.peer.frames());
    }
  }

  /** END_STREAM inside a message (here inside its prefix): INTERNAL. */
  @Test
  void streamEndingInsideAMessageIsInternal() {
    try (EmbeddedServer s = server()) {
      s.peer.request(1, DO_GET, false).data(1, range(grpcMessage(bytes(10)), 0, 3), true).send();
      assertEquals(List.of("HEADERS stream=1 END_STREAM {:status=200, content-type=application/grpc, grpc-status=13, "
          + "grpc-message=stream ended in the middle of a gRPC message}"), s.peer.frames());
      assertEquals(GrpcStatusCode.INTERNAL, readFails(s.call(0)));
    }
  }

  /** Trailers from the client inside a message end its side the same way: INTERNAL, no reset after it. */
  @Test
  void clientTrailersInsideAMessageAreInternal() {
    try (EmbeddedServer s = server()) {
      s.peer.request(1, DO_GET, false).data(1, range(grpcMessage(bytes(10)), 0, 8), false)
          .headers(1, new io.netty.handler.codec.http2.DefaultHttp2Headers().set("x-trailer", "1"), true).send();
      assertEquals(List.of("HEADERS stream=1 END_STREAM {:status=200, content-type=application/grpc, grpc-status=13, "
          + "grpc-message=stream ended in the middle of a gRPC message}"), s.peer.frames());
      assertEquals(GrpcStatusCode.INTERNAL, readFails(s.call(0)));
    }
  }
}
