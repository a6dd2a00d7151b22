package dev.flightwire.internal.inprocess;

import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.http2.Http2Config;
import dev.flightwire.internal.http2.InboundBudget;
import dev.flightwire.internal.http2.ServerHttp2Handler;
import dev.flightwire.internal.http2.StreamAcceptor;
import dev.flightwire.internal.http2.StreamListener;
import dev.flightwire.internal.http2.WriteQueue;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One in-process connection: a client end and a server end in the same JVM that exchange calls
 * with no socket and no HTTP/2 framing. Headers pass as header objects; each gRPC message passes
 * whole, by reference ({@link StreamListener#onFramedMessage}), so a record batch body that
 * references Arrow memory reaches the reader as that same memory.
 *
 * <p>The call layer above ({@code ClientStream}, {@code ServerStream}) is the one the network
 * uses, so deadlines, cancellation, status, metadata, auth, middleware and size limits behave the
 * same. What HTTP/2 gives and this emulates: per-stream flow control (a message is delivered once
 * the receiver has consumed enough of the ones before it: at most its stream window plus one
 * message in flight; the writer's promise completes on delivery, so writers block on their
 * outbound buffer as over a slow socket), END_STREAM on each side, RST_STREAM (the stream closes
 * on both ends), and graceful shutdown (no new streams, then close).
 *
 * <h3>Threading</h3>
 * Both ends share one {@link InlineLoop}; all state below is touched only by the thread running
 * its tasks. Application threads go through each end's {@link WriteQueue} as on the network (and
 * so run the tasks themselves when no other thread is).
 */
final class InProcessConnection {
  private static final Logger LOG = LoggerFactory.getLogger(InProcessConnection.class);

  /** The channel promises are made for: promises need one, and nothing here uses it. */
  private static final Channel PROMISE_CHANNEL = new io.netty.channel.embedded.EmbeddedChannel();

  private final EventLoop loop;
  private final String name;
  private final StreamAcceptor acceptor;
  final InProcessEnd.Client client;
  final InProcessEnd.Server server;

  // event loop only
  private final Map<Integer, Stream> streams = new HashMap<>();
  private int nextStreamId = 1;
  /** Streams the server has taken and not yet closed. */
  private int acceptedOpen;
  /** Streams held back over the server's limit of concurrent calls, oldest first. */
  private final ArrayDeque<Stream> held = new ArrayDeque<>();
  /** A listener is being called: what it triggers in return waits for a task of its own. */
  private boolean delivering;
  private boolean closed;
  private volatile boolean draining;
  /** Runs once, on the event loop, when the connection has closed. */
  private volatile Runnable onClosed;

  InProcessConnection(EventLoop loop, String name, StreamAcceptor acceptor, Http2Config clientConfig,
      Http2Config serverConfig, InboundBudget serverBudget, ByteBufAllocator alloc) {
    this.loop = loop;
    this.name = name;
    this.acceptor = acceptor;
    this.client = new InProcessEnd.Client(this, clientConfig, InboundBudget.UNLIMITED, alloc);
    this.server = new InProcessEnd.Server(this, serverConfig, serverBudget, alloc);
  }

  EventLoop eventLoop() {
    return loop;
  }

  /** Sets what runs once when the connection has closed. */
  void onClosed(Runnable r) {
    this.onClosed = r;
  }

  /** Streams open now. Event-loop only. */
  int openStreams() {
    return streams.size();
  }

  boolean isClosed() {
    return closed;
  }

  /** No new streams from now on; open ones go on. Event-loop only. */
  void drain() {
    draining = true;
  }

  /** Closes every stream (their calls fail as over a lost connection) and the write queues. Event-loop only. */
  void closeNow() {
    assert loop.inEventLoop();
    draining = true;
    if (closed) {
      return;
    }
    closed = true;
    for (Stream s : new ArrayList<>(streams.values())) {
      if (!s.accepted && s.client != null) {
        s.client.onRefused(); // the server never saw it: the client may send it again elsewhere
      }
      close(s);
    }
    client.writeQueue.close();
    server.writeQueue.close();
    Runnable r = onClosed;
    if (r != null) {
      r.run();
    }
  }

  // ---------------------------------------------------------------- streams

  /** What one end sends the other on a stream. */
  private static final class Direction {
    final ArrayDeque<Item> pending = new ArrayDeque<>();
    /** Bytes delivered and not yet consumed by the receiver. */
    long inFlight;
    /** END_STREAM written (delivered or pending). */
    boolean ended;
    boolean endDelivered;
  }

  /** A message (framed; empty for a bare END_STREAM) or a header block. */
  private record Item(ByteBuf data, Http2Headers headers, boolean endStream, ChannelPromise promise) {}

  private static final class Stream {
    final int id;
    StreamListener client;
    StreamListener server;
    /** The server has taken the stream (or answered it); before that, requests wait. */
    boolean accepted;
    /** Counted in {@code acceptedOpen}. */
    boolean counted;
    /** Held back over the server's limit: runs the accept once a call ends. */
    Runnable held;
    boolean closed;
    final Direction toServer = new Direction();
    final Direction toClient = new Direction();

    Stream(int id) {
      this.id = id;
    }
  }

  int startStream(StreamListener listener, Http2Headers headers, boolean endStream, ChannelPromise promise) {
    assert loop.inEventLoop();
    if (draining || closed) {
      promise.tryFailure(new IllegalStateException("connection is closing"));
      return -1;
    }
    int id = nextStreamId;
    nextStreamId += 2;
    long size = dev.flightwire.internal.call.ClientStream.headerListSize(headers);
    if (size > server.config.maxHeaderListSize()) {
      // as the HTTP/2 encoder refuses headers over the limit the server announced
      Throwable cause = io.netty.handler.codec.http2.Http2Exception.headerListSizeError(id,
          io.netty.handler.codec.http2.Http2Error.PROTOCOL_ERROR, false, "Header size exceeded max allowed size (%d)",
          server.config.maxHeaderListSize());
      promise.tryFailure(cause);
      loop.execute(() -> listener.onStartFailed(cause));
      return id;
    }
    Stream s = new Stream(id);
    s.client = listener;
    streams.put(id, s);
    promise.trySuccess();
    // the caller attaches its stream id after this returns: the server sees the call a task later,
    // as it would see the HEADERS frame after the write
    loop.execute(() -> offer(s, headers, endStream));
    return id;
  }

  /**
   * Hands a new stream to the server, or holds it while the server has as many calls open as it
   * allows (SETTINGS_MAX_CONCURRENT_STREAMS): an HTTP/2 client holds such streams back too.
   */
  private void offer(Stream s, Http2Headers headers, boolean endStream) {
    if (s.closed) {
      return;
    }
    if (acceptedOpen >= server.config.maxConcurrentStreams() || !held.isEmpty()) {
      s.held = () -> accept(s, headers, endStream);
      held.add(s);
      return;
    }
    accept(s, headers, endStream);
  }

  private void accept(Stream s, Http2Headers headers, boolean endStream) {
    if (s.closed) {
      return;
    }
    s.held = null;
    if (!s.counted) {
      s.counted = true;
      acceptedOpen++;
    }
    StreamListener l;
    try {
      l = acceptor.accept(server, s.id, headers, endStream);
    } catch (RuntimeException e) {
      LOG.warn("in-process call {} refused: {}", headers.path(), e.toString(), e);
      respond(s, ServerHttp2Handler.grpcError(GrpcStatusCode.INTERNAL, "the server failed to take the call: " + e));
      return;
    }
    if (s.closed) {
      return; // answered by the acceptor
    }
    s.server = l;
    s.accepted = true;
    if (l == null) {
      close(s);
      return;
    }
    if (endStream) {
      s.toServer.ended = true;
      s.toServer.endDelivered = true;
      l.onData(Unpooled.EMPTY_BUFFER, 0, true);
    }
    flush(s, s.toServer);
  }

  /** A Trailers-Only answer from the server; the stream is over. */
  private void respond(Stream s, Http2Headers trailers) {
    if (s.closed) {
      return;
    }
    s.accepted = true;
    s.toClient.ended = true;
    s.toClient.endDelivered = true;
    if (s.client != null) {
      s.client.onHeaders(trailers, true);
    }
    close(s);
  }

  private void send(int streamId, boolean fromClient, Item item) {
    assert loop.inEventLoop();
    Stream s = streams.get(streamId);
    Direction d = s == null ? null : fromClient ? s.toServer : s.toClient;
    if (s == null || s.closed || d.ended) {
      drop(item, "stream closed");
      return;
    }
    if (item.endStream) {
      d.ended = true;
    }
    d.pending.add(item);
    flush(s, d);
  }

  /** Delivers what the receiver's window allows, in order. */
  private void flush(Stream s, Direction d) {
    boolean toServer = d == s.toServer;
    if (toServer && !s.accepted) {
      return;
    }
    long window = (toServer ? server.config : client.config).streamWindow();
    Item item;
    while (!s.closed && (item = d.pending.peek()) != null) {
      int size = item.data == null ? 0 : item.data.readableBytes();
      if (size > 0 && d.inFlight > 0 && d.inFlight + size > window) {
        return; // delivered once the receiver consumes (consumeBytes)
      }
      d.pending.poll();
      deliver(s, d, toServer ? s.server : s.client, item, size);
    }
  }

  private void deliver(Stream s, Direction d, StreamListener receiver, Item item, int size) {
    boolean outer = !delivering;
    delivering = true;
    try {
      deliverNow(s, d, receiver, item, size);
    } finally {
      if (outer) {
        delivering = false;
      }
    }
  }

  private void deliverNow(Stream s, Direction d, StreamListener receiver, Item item, int size) {
    // the receiver first, then the writer's promise: what the writer does once a write is done
    // (a reset after trailers) must reach the receiver after what was written
    if (item.headers != null) {
      receiver.onHeaders(item.headers, item.endStream);
    } else {
      if (size > 0) {
        d.inFlight += size;
        receiver.onFramedMessage(item.data);
      } else {
        item.data.release();
      }
      if (item.endStream && !s.closed) {
        receiver.onData(Unpooled.EMPTY_BUFFER, 0, true);
      }
    }
    item.promise.trySuccess();
    if (item.endStream) {
      d.endDelivered = true;
      if (s.toServer.endDelivered && s.toClient.endDelivered) {
        close(s);
      }
    }
  }

  void consumed(int streamId, boolean byClient, int bytes) {
    Stream s = streams.get(streamId);
    if (s == null || s.closed) {
      return;
    }
    Direction d = byClient ? s.toClient : s.toServer;
    d.inFlight = Math.max(0, d.inFlight - bytes);
    if (!d.pending.isEmpty()) {
      if (delivering) {
        loop.execute(() -> flush(s, d)); // not from inside the receiver's own callback
      } else {
        flush(s, d);
      }
    }
  }

  void reset(int streamId, boolean fromClient, Http2Error error) {
    Stream s = streams.get(streamId);
    if (s == null || s.closed) {
      return;
    }
    if (s.held != null) {
      close(s); // held back, never sent: the server never sees it
      return;
    }
    if (!s.accepted) {
      // the server has not seen the call yet: it sees it first, then the reset, as it would the
      // HEADERS frame before the RST_STREAM
      loop.execute(() -> reset(streamId, fromClient, error));
      return;
    }
    StreamListener peer = fromClient ? s.server : s.client;
    if (peer != null) {
      peer.onReset(error.code());
    }
    close(s);
  }

  /** The stream is over on both ends: what is pending is dropped, and both listeners are told. */
  private void close(Stream s) {
    if (s.closed) {
      return;
    }
    s.closed = true;
    streams.remove(s.id);
    if (s.held != null) {
      held.remove(s);
    }
    if (s.counted) {
      acceptedOpen--;
      Stream next = held.poll();
      if (next != null) {
        // the slot is next's from now: if it closes before its accept runs, it passes the slot on
        next.counted = true;
        acceptedOpen++;
        loop.execute(next.held);
      }
    }
    for (Direction d : List.of(s.toServer, s.toClient)) {
      Item item;
      while ((item = d.pending.poll()) != null) {
        drop(item, "stream closed");
      }
    }
    if (s.server != null) {
      s.server.onClosed();
    }
    if (s.client != null) {
      s.client.onClosed();
    }
  }

  private static void drop(Item item, String why) {
    if (item.data != null) {
      item.data.release();
    }
    item.promise.tryFailure(new IllegalStateException(why));
  }

  // ---------------------------------------------------------------- for the two ends (InProcessEnd)

  EventLoop loop() {
    return loop;
  }

  String name() {
    return name;
  }

  boolean draining() {
    return draining;
  }

  /** A header block ({@code data} null) or a framed message, taken over, from one end. Event-loop only. */
  void write(int streamId, boolean fromClient, ByteBuf data, Http2Headers headers, boolean endStream,
      ChannelPromise promise) {
    send(streamId, fromClient, new Item(data, headers, endStream, promise));
  }

  /** Answers a stream Trailers-Only from the server, if it is still open. Event-loop only. */
  void answer(int streamId, Http2Headers trailers) {
    Stream s = streams.get(streamId);
    if (s != null) {
      respond(s, trailers);
    }
  }

  static ChannelPromise newPromise(EventLoop loop) {
    return new DefaultChannelPromise(PROMISE_CHANNEL, loop);
  }
}
