package dev.flightwire.sql;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightServerBase;
import dev.flightwire.Location;
import java.io.IOException;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The fixture of the Flight SQL client tests: a service on its own allocator behind a loopback
 * server, and a {@link FlightSqlClient} connected to it. Closing closes the client, the server and
 * the allocator, which fails on a leak.
 */
final class SqlClientPair<S extends FlightServerBase> implements AutoCloseable {
  final BufferAllocator allocator;
  final S service;
  final FlightServer server;
  final FlightClient client;
  final FlightSqlClient sql;

  private SqlClientPair(Function<BufferAllocator, S> service) throws IOException {
    this.allocator = new RootAllocator();
    this.service = service.apply(allocator);
    this.server = FlightServer.builder(allocator, Location.forGrpcTcp("127.0.0.1", 0), this.service).build().start();
    this.client = FlightClient.connect(server.location(), FlightClientOptions.builder().allocator(allocator).build());
    this.sql = new FlightSqlClient(client);
  }

  static <S extends FlightServerBase> SqlClientPair<S> start(Function<BufferAllocator, S> service) throws IOException {
    return new SqlClientPair<>(service);
  }

  @Override
  public void close() {
    client.close();
    server.close();
    allocator.close();
  }
}
