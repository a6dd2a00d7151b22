package dev.flightwire.testing;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightServerBase;
import dev.flightwire.Location;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * A server and a client on loopback (or over another {@link TestTransport}), each with a child allocator of one root. Closing it closes the
 * client, the server, then the allocators, so a test that leaked on either side fails there.
 */
public final class LocalPair implements AutoCloseable {
  private final BufferAllocator root;
  private final BufferAllocator serverAllocator;
  private final BufferAllocator clientAllocator;
  private FlightServer server;
  private FlightClient client;

  private LocalPair() {
    root = new RootAllocator();
    serverAllocator = root.newChildAllocator("server", 0, Long.MAX_VALUE);
    clientAllocator = root.newChildAllocator("client", 0, Long.MAX_VALUE);
  }

  /**
   * @param service builds the service from the server's allocator
   * @param serverConfig adds to the server's builder
   * @param clientConfig adds to the client's options (the allocator is set already)
   */
  public static LocalPair start(Function<BufferAllocator, FlightServerBase> service,
      UnaryOperator<FlightServer.Builder> serverConfig, UnaryOperator<FlightClientOptions.Builder> clientConfig)
      throws Exception {
    return start(TestTransport.TCP, service, serverConfig, clientConfig);
  }

  /** Over {@code transport}. */
  public static LocalPair start(TestTransport transport, Function<BufferAllocator, FlightServerBase> service,
      UnaryOperator<FlightServer.Builder> serverConfig, UnaryOperator<FlightClientOptions.Builder> clientConfig)
      throws Exception {
    LocalPair p = new LocalPair();
    try {
      p.server = serverConfig.apply(FlightServer.builder(p.serverAllocator, transport.bindLocation(),
          service.apply(p.serverAllocator))).build().start();
      p.client = FlightClient.connect(p.server.location(),
          clientConfig.apply(FlightClientOptions.builder().allocator(p.clientAllocator)).build());
      return p;
    } catch (Exception | Error e) {
      p.close();
      throw e;
    }
  }

  /** With the builders' defaults. */
  public static LocalPair start(Function<BufferAllocator, FlightServerBase> service) throws Exception {
    return start(service, b -> b, o -> o);
  }

  /** Over {@code transport}, with the builders' defaults. */
  public static LocalPair start(TestTransport transport, Function<BufferAllocator, FlightServerBase> service)
      throws Exception {
    return start(transport, service, b -> b, o -> o);
  }

  public FlightServer server() {
    return server;
  }

  public FlightClient client() {
    return client;
  }

  public BufferAllocator serverAllocator() {
    return serverAllocator;
  }

  public BufferAllocator clientAllocator() {
    return clientAllocator;
  }

  /** Sleeps, turning an interrupt into a test failure. */
  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
    clientAllocator.close();
    serverAllocator.close();
    root.close();
  }
}
