package dev.flightwire.internal.server;

import dev.flightwire.CertKeyPair;
import dev.flightwire.ClientCertificateMode;
import dev.flightwire.FlightServerBase;
import dev.flightwire.IpcCompression;
import dev.flightwire.Location;
import dev.flightwire.auth.CallHeaderAuthenticator;
import dev.flightwire.auth.ServerAuthHandler;
import dev.flightwire.middleware.ServerMiddlewareFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;

/**
 * What {@code FlightServer.Builder} collects, as plain fields: the builder checks each value as it
 * is set and {@link ServerRuntime} reads them once. The defaults are the ones the builder's
 * setters name. Not thread-safe (the builder is not).
 */
public final class ServerSettings {
  public final BufferAllocator allocator;
  public final Location location;
  public final FlightServerBase service;
  public Executor executor;
  public int maxThreads = 512;
  /** Run the calls that can run without blocking on the event loop (FlightServer.Builder.directExecutor). */
  public boolean directExecutor;
  public int maxInboundMessageSize = Integer.MAX_VALUE - 64;
  public ServerAuthHandler authHandler;
  public CallHeaderAuthenticator headerAuthenticator;
  public Consumer<String> callLog;
  public int streamWindow;
  public int connectionWindow;
  public int maxFrameSize;
  public long outboundBufferBytes;
  public final List<CertKeyPair> tlsPairs = new ArrayList<>();
  public ClientCertificateMode clientCertificates = ClientCertificateMode.NONE;
  public IpcCompression writeCompression = IpcCompression.NONE;
  public int maxOutboundMessageSize;
  public long maxConcurrentCalls = -1;
  public long handshakeTimeoutNanos = -1;
  public long maxConnectionIdleNanos = -1;
  public long maxInboundBufferedBytes;
  public byte[] clientRoots;
  public final Map<String, ServerMiddlewareFactory<?>> middleware = new LinkedHashMap<>();

  /** The three values every server needs; the caller has checked them for null. */
  public ServerSettings(BufferAllocator allocator, Location location, FlightServerBase service) {
    this.allocator = allocator;
    this.location = location;
    this.service = service;
  }
}
