package dev.flightwire.internal.http2;

import static dev.flightwire.internal.http2.testing.EmbeddedServer.assertMessage;
import static dev.flightwire.internal.http2.testing.Http2Peer.bytes;
import static dev.flightwire.internal.http2.testing.Http2Peer.grpcMessage;
import static dev.flightwire.internal.http2.testing.Http2Peer.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.internal.call.ServerStream;
import dev.flightwire.internal.grpc.GrpcStatus;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;
import dev.flightwire.internal.http2.testing.EmbeddedServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The server connection handler frame by frame, on an embedded channel: what it sends when the
 * connection starts, when it returns receive window, what a client that overruns a window gets,
 * and the two-step GOAWAY. Each test states the exact frames the server writes.
 */
class ServerFramesTest {
  private static final String DO_PUT = "/arrow.flight.protocol.FlightService/DoPut";
  private static final int WINDOW = 65_536;
  /** The server's SETTINGS for {@link EmbeddedServer#config} with a stream window of {@link #WINDOW}. */
  private static final String SETTINGS = "SETTINGS {MAX_CONCURRENT_STREAMS=100, INITIAL_WINDOW_SIZE=65536, "
      + "MAX_FRAME_SIZE=16384, MAX_HEADER_LIST_SIZE=16384}";

  private static EmbeddedServer server() {
    return new EmbeddedServer(EmbeddedServer.config(WINDOW, 1 << 20, 1 << 20));
  }

  /**
   * Its SETTINGS first, then the connection window raised to the configured size; SETTINGS ACK
   * once the client's came.
   */
  @Test
  void connectionStartsWithSettingsAndWindowUpdate() {
    try (EmbeddedServer s = server()) {
      assertEquals(List.of(SETTINGS, "WINDOW_UPDATE stream=0 +" + ((1 << 20) - 65_535)), s.peer.frames());
      assertEquals(List.of("SETTINGS ACK"), s.handshake());
    }
  }

  /** A connection window no larger than the protocol's 65535 is not raised: SETTINGS alone. */
  @Test
  void defaultConnectionWindowIsNotRaised() {
    try (EmbeddedServer s = new EmbeddedServer(EmbeddedServer.config(WINDOW, 65_535, 1 << 20))) {
      assertEquals(List.of(SETTINGS), s.peer.frames());
    }
  }

  /**
   * Complete messages hold their bytes until the application takes them: no WINDOW_UPDATE while
   * they wait in the queue, and once taken, the stream's credit goes back as Netty's flow
   * controller batches it (when half the stream window is consumed), in one frame.
   */
  @Test
  void streamWindowReturnsOnlyAsMessagesAreTaken() {
    try (EmbeddedServer s = server()) {
      s.handshake();
      s.peer.request(1, DO_PUT, false);
      for (int i = 0; i < 4; i++) {
        s.peer.data(1, grpcMessage(bytes(10_000)), false);
      }
      s.peer.send();
      assertEquals(List.of(), s.peer.frames(), "nothing returned for messages still queued");

      ServerStream call = s.call(0);
      for (int i = 0; i < 3; i++) {
        assertMessage(bytes(10_000), call.readMessage());
        assertEquals(List.of(), s.peer.frames(), "30015 bytes taken: under half the window");
      }
      assertMessage(bytes(10_000), call.readMessage());
      assertEquals(List.of("WINDOW_UPDATE stream=1 +40020"), s.peer.frames());
      assertNull(call.pollMessage());
    }
  }

  /**
   * While no complete message waits, the bytes of a message still arriving go back at once, in
   * batches of half the stream window (the call layer's batch for a small window), so a message
   * larger than the window arrives. The tail that completes the message is returned when the
   * message is taken (to the flow controller, which holds it back as under half a window).
   */
  @Test
  void partlyReceivedMessageReturnsCreditInBatches() {
    try (EmbeddedServer s = server()) {
      s.handshake();
      byte[] message = grpcMessage(bytes(100_000));
      s.peer.request(1, DO_PUT, false).send();
      ServerStream call = s.call(0);
      int at = 0;
      for (int frame = 1; frame <= 6; frame++) {
        s.peer.data(1, range(message, at, at + 16_384), false).send();
        at += 16_384;
        List<String> expected = frame % 2 == 0 ? List.of("WINDOW_UPDATE stream=1 +32768") : List.of();
        assertEquals(expected, s.peer.frames(), "after DATA frame " + frame);
        assertNull(call.pollMessage());
      }
      s.peer.data(1, range(message, at, message.length), true).send();
      assertEquals(List.of(), s.peer.frames(), "the message is queued: its last 1701 bytes wait");
      assertMessage(bytes(100_000), call.readMessage());
      assertEquals(List.of(), s.peer.frames(), "1701 bytes consumed: below Netty's update threshold");
      assertNull(call.readMessage());
    }
  }

  /**
   * The same with a window whose half (Netty's update threshold, 150000) is no multiple of the
   * call layer's batch of 128 KiB: the stream credit goes back 131072 bytes at a time, so the
   * first WINDOW_UPDATE comes after two batches and carries both.
   */
  @Test
  void partlyReceivedMessageCreditFollowsTheCallLayersBatch() {
    try (EmbeddedServer s = new EmbeddedServer(EmbeddedServer.config(300_000, 1 << 20, 1 << 20))) {
      s.handshake();
      byte[] message = grpcMessage(bytes(300_000));
      s.peer.request(1, DO_PUT, false).send();
      for (int frame = 1; frame <= 16; frame++) {
        s.peer.data(1, range(message, (frame - 1) * 16_384, frame * 16_384), false).send();
        List<String> expected = frame == 16 ? List.of("WINDOW_UPDATE stream=1 +262144") : List.of();
        assertEquals(expected, s.peer.frames(), "after DATA frame " + frame);
      }
      s.peer.data(1, range(message, 16 * 16_384, message.length), true).send();
      assertMessage(bytes(300_000), s.call(0).readMessage());
      assertEquals(List.of(), s.peer.frames());
    }
  }

  /**
   * The connection window is not held for the application: it refills as DATA arrives (half the
   * window at a time), so one slow call cannot stall the others on its connection.
   */
  @Test
  void connectionWindowRefillsOnArrival() {
    try (EmbeddedServer s = new EmbeddedServer(EmbeddedServer.config(WINDOW, 65_535, 1 << 20))) {
      s.handshake();
      s.peer.request(1, DO_PUT, false).data(1, grpcMessage(bytes(16_379)), false).send();
      assertEquals(List.of(), s.peer.frames());
      s.peer.data(1, grpcMessage(bytes(16_379)), false).send();
      assertEquals(List.of("WINDOW_UPDATE stream=0 +32768"), s.peer.frames(), "nothing taken, connection refilled");
    }
  }

  /**
   * A client that sends past the stream window while its messages wait untaken gets RST_STREAM
   * FLOW_CONTROL_ERROR; the call is cancelled, its queued messages released, and the connection
   * carries on.
   */
  @Test
  void overrunningTheStreamWindowResetsTheStream() {
    try (EmbeddedServer s = server()) {
      s.handshake();
      s.peer.request(1, DO_PUT, false);
      for (int i = 0; i < 4; i++) {
        s.peer.data(1, grpcMessage(bytes(16_379)), false); // 4 x 16384 = the whole window
      }
      s.peer.send();
      assertEquals(List.of(), s.peer.frames());
      s.peer.data(1, new byte[1], false).send();
      assertEquals(List.of("RST_STREAM stream=1 FLOW_CONTROL_ERROR"), s.peer.frames());

      ServerStream call = s.call(0);
      assertTrue(call.isCancelled());
      GrpcStatusException e = assertThrows(GrpcStatusException.class, call::readMessage);
      assertEquals(GrpcStatusCode.CANCELLED, e.status().code());
      assertEquals(0, s.alloc.metric().usedDirectMemory(), "the queued messages were released");

      s.peer.request(3, DO_PUT, true).send();
      assertEquals(2, s.calls.size(), "the connection still takes calls");
      assertTrue(s.channel.isOpen());
    }
  }

  /**
   * Graceful shutdown: GOAWAY naming 2^31-1 with a PING; the PING's ACK brings the second GOAWAY
   * naming the last stream received. A call in progress still completes; a new stream after
   * that is refused; the connection closes when the last call ends.
   */
  @Test
  void gracefulShutdownLetsCallsFinishAndRefusesNewOnes() {
    try (EmbeddedServer s = server()) {
      s.handshake();
      s.peer.request(1, DO_PUT, false).data(1, grpcMessage(bytes(3)), true).send();
      ServerStream call = s.call(0);

      s.handler.startGracefulShutdown(TimeUnit.SECONDS.toNanos(30));
      assertEquals(List.of("GOAWAY last=2147483647 NO_ERROR \"server_shutdown\"", "PING 97acef001"), s.peer.frames());

      s.peer.ping(true, 0x97ACEF001L).send();
      assertEquals(List.of("GOAWAY last=1 NO_ERROR \"server_shutdown\""), s.peer.frames());

      s.peer.request(3, DO_PUT, true).send();
      assertEquals(List.of("RST_STREAM stream=3 REFUSED_STREAM"), s.peer.frames());
      assertEquals(1, s.calls.size(), "stream 3 never became a call");

      assertMessage(bytes(3), call.readMessage());
      assertNull(call.readMessage());
      assertTrue(s.channel.isOpen(), "stream 1 is still open");
      call.writeMessage(s.alloc.buffer().writeBytes(grpcMessage(bytes(2))), false, false);
      call.finish(GrpcStatus.OK);
      assertEquals(List.of(
          "HEADERS stream=1 {:status=200, content-type=application/grpc}",
          "DATA stream=1 length=7 0000000002" + "0001",
          "HEADERS stream=1 END_STREAM {grpc-status=0}"), s.peer.frames());
      assertFalse(s.channel.isOpen(), "closed once its last call ended");
    }
  }

  /** A client that never acknowledges the PING gets the second GOAWAY a second later. */
  @Test
  void secondGoAwayFollowsWithoutPingAck() {
    try (EmbeddedServer s = server()) {
      s.handshake();
      s.peer.request(1, DO_PUT, false).send();
      s.channel.freezeTime();
      s.handler.startGracefulShutdown(TimeUnit.SECONDS.toNanos(30));
      assertEquals(2, s.peer.frames().size());
      s.channel.advanceTimeBy(999, TimeUnit.MILLISECONDS);
      s.channel.runScheduledPendingTasks();
      assertEquals(List.of(), s.peer.frames());
      s.channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
      s.channel.runScheduledPendingTasks();
      assertEquals(List.of("GOAWAY last=1 NO_ERROR \"server_shutdown\""), s.peer.frames());
      assertTrue(s.channel.isOpen());
      assertFalse(s.call(0).isCancelled());
    }
  }

  /** A connection error (a DATA frame on stream 0) is answered by a GOAWAY naming the last stream received. */
  @Test
  void connectionErrorGoAwayNamesLastStream() {
    try (EmbeddedServer s = server()) {
      s.handshake();
      s.peer.request(1, DO_PUT, false).request(3, DO_PUT, false).send();
      s.peer.rawFrame(0x0, 0, 0, new byte[1]).send(); // DATA on stream 0
      List<String> frames = s.peer.frames();
      assertEquals(1, frames.size(), frames.toString());
      assertTrue(frames.get(0).startsWith("GOAWAY last=3 PROTOCOL_ERROR "), frames.get(0));
      assertFalse(s.channel.isOpen());
      assertTrue(s.call(0).isCancelled() && s.call(1).isCancelled());
    }
  }

  /** Requests that are not gRPC are answered at the HTTP level (415 with a text body) and never become calls. */
  @Test
  void nonGrpcContentTypeIsAnswered415() {
    try (EmbeddedServer s = server()) {
      s.handshake();
      s.peer.headers(1, dev.flightwire.internal.http2.testing.Http2Peer.requestHeaders(DO_PUT)
          .set("content-type", "application/json"), true).send();
      String message = "content-type 'application/json' is not supported: gRPC requests use application/grpc";
      List<String> frames = s.peer.frames();
      assertEquals(List.of(
          "HEADERS stream=1 {:status=415, content-type=text/plain; charset=utf-8, grpc-status=13, grpc-message="
              + message + "}",
          "DATA stream=1 length=" + (message.length() + 1) + " END_STREAM"), frames);
      assertEquals(0, s.calls.size());
    }
  }
}
