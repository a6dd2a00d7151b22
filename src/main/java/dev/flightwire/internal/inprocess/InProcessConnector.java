package dev.flightwire.internal.inprocess;

import dev.flightwire.FlightCancelledError;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightUnavailableError;
import dev.flightwire.Location;
import dev.flightwire.internal.client.Connections;
import dev.flightwire.internal.http2.ClientConnection;
import dev.flightwire.internal.http2.Http2Config;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A client's connection to an in-process server: made at once (no handshake), made again when
 * the server drained or closed the one before (a server started again under the same name is
 * reached). Thread-safe.
 */
public final class InProcessConnector implements Connections {
  private final Location location;
  private final Http2Config config;
  private final Object lock = new Object();
  private InProcessConnection connection;
  private boolean closed;

  public InProcessConnector(Location location, FlightClientOptions options) {
    this.location = location;
    this.config = Http2Config.defaults().withMaxInboundMessageSize(options.maxInboundMessageSize())
        .withTransport(options.streamWindow(), options.connectionWindow(), options.maxFrameSize(),
            options.outboundBufferBytes());
  }

  @Override
  public ClientConnection connection(long deadlineNanoTime) {
    synchronized (lock) {
      if (closed) {
        throw new FlightCancelledError("the client of " + location + " is closed");
      }
      InProcessConnection c = connection;
      if (c == null || c.client.isDraining()) {
        c = InProcessServer.connect(location.host(), config);
        if (c == null) {
          throw new FlightUnavailableError("no server is running in this JVM at " + location
              + " (in-process servers are reached only from the JVM that started them)");
        }
        connection = c;
      }
      return c.client;
    }
  }

  @Override
  public CompletableFuture<? extends ClientConnection> connectionAsync(long deadlineNanoTime) {
    try {
      return CompletableFuture.completedFuture(connection(deadlineNanoTime));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public boolean close(Runnable cancelCalls) {
    InProcessConnection c;
    synchronized (lock) {
      if (closed) {
        return false;
      }
      closed = true;
      c = connection;
    }
    cancelCalls.run();
    if (c != null) {
      io.netty.util.concurrent.Future<?> done = c.eventLoop().submit(c::closeNow);
      if (!c.eventLoop().inEventLoop()) {
        done.awaitUninterruptibly(5, TimeUnit.SECONDS);
      }
    }
    return true;
  }
}
