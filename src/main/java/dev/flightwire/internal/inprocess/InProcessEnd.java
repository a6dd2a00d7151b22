package dev.flightwire.internal.inprocess;

import dev.flightwire.internal.grpc.GatherBudget;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.http2.ClientConnection;
import dev.flightwire.internal.http2.Http2Config;
import dev.flightwire.internal.http2.InboundBudget;
import dev.flightwire.internal.http2.ServerConnection;
import dev.flightwire.internal.http2.ServerHttp2Handler;
import dev.flightwire.internal.http2.StreamListener;
import dev.flightwire.internal.http2.StreamTransport;
import dev.flightwire.internal.http2.WriteQueue;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One end of an {@link InProcessConnection}: the transport its calls see, as
 * {@link ClientConnection} ({@link Client}) or {@link ServerConnection} ({@link Server}). Each
 * write goes to the connection, which delivers it to the other end. Buffers: the write methods
 * take ownership of what they are given, as {@link StreamTransport} says.
 */
abstract class InProcessEnd implements StreamTransport {
  private static final Logger LOG = LoggerFactory.getLogger(InProcessEnd.class);

  final InProcessConnection connection;
  final Http2Config config;
  final WriteQueue writeQueue;
  private final GatherBudget gatherBudget;
  private final InboundBudget inboundBudget;
  private final ByteBufAllocator alloc;
  private final boolean isClient;

  private InProcessEnd(InProcessConnection connection, Http2Config config, InboundBudget inboundBudget,
      ByteBufAllocator alloc, boolean isClient) {
    this.connection = connection;
    this.config = config;
    this.inboundBudget = inboundBudget;
    this.alloc = alloc;
    this.isClient = isClient;
    this.gatherBudget = new GatherBudget(config.connectionWindow(), inboundBudget);
    this.writeQueue = new WriteQueue(connection::loop, () -> { },
        e -> LOG.warn("in-process connection {}: {}", connection.name(), e.toString(), e));
  }

  @Override
  public EventLoop eventLoop() {
    return connection.loop();
  }

  @Override
  public WriteQueue writeQueue() {
    return writeQueue;
  }

  @Override
  public ByteBufAllocator alloc() {
    return alloc;
  }

  @Override
  public Http2Config config() {
    return config;
  }

  @Override
  public boolean sendsBytes() {
    return false;
  }

  @Override
  public GatherBudget gatherBudget() {
    return gatherBudget;
  }

  @Override
  public InboundBudget inboundBudget() {
    return inboundBudget;
  }

  @Override
  public SocketAddress remoteAddress() {
    return new InProcessAddress(connection.name());
  }

  @Override
  public ChannelPromise newPromise() {
    return InProcessConnection.newPromise(connection.loop());
  }

  @Override
  public void consumeBytes(int streamId, int bytes) {
    connection.consumed(streamId, isClient, bytes);
  }

  @Override
  public void writeHeaders(int streamId, Http2Headers headers, boolean endStream, ChannelPromise promise) {
    connection.write(streamId, isClient, null, headers, endStream, promise);
  }

  @Override
  public void writeData(int streamId, ByteBuf data, boolean endStream, ChannelPromise promise) {
    connection.write(streamId, isClient, data, null, endStream, promise);
  }

  @Override
  public void writeRst(int streamId, Http2Error error) {
    connection.reset(streamId, isClient, error);
  }

  @Override
  public boolean passesByReference() {
    return true;
  }

  /** The client end. */
  static final class Client extends InProcessEnd implements ClientConnection {
    Client(InProcessConnection connection, Http2Config config, InboundBudget budget, ByteBufAllocator alloc) {
      super(connection, config, budget, alloc, true);
    }

    @Override
    public int startStream(StreamListener listener, Http2Headers headers, boolean endStream, ChannelPromise promise) {
      return connection.startStream(listener, headers, endStream, promise);
    }

    @Override
    public long peerMaxHeaderListSize() {
      return connection.server.config.maxHeaderListSize();
    }

    @Override
    public boolean isDraining() {
      return connection.draining();
    }

    @Override
    public void closeConnection() {
      connection.closeNow();
    }
  }

  /** The server end. */
  static final class Server extends InProcessEnd implements ServerConnection {
    Server(InProcessConnection connection, Http2Config config, InboundBudget budget, ByteBufAllocator alloc) {
      super(connection, config, budget, alloc, false);
    }

    @Override
    public void respondGrpcError(int streamId, GrpcStatusCode code, String message) {
      connection.answer(streamId, ServerHttp2Handler.grpcError(code, message));
    }

    @Override
    public void respondUnsupportedEncoding(int streamId, CharSequence encoding) {
      connection.answer(streamId, ServerHttp2Handler.unsupportedEncoding(encoding));
    }

    @Override
    public String peerSubject() {
      return null;
    }

    @Override
    public String peerCommonName() {
      return null;
    }
  }
}
