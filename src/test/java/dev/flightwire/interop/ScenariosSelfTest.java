package dev.flightwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightServer;
import dev.flightwire.Location;
import dev.flightwire.internal.integration.JsonRoundTrip;
import dev.flightwire.internal.integration.RoundTripStore;
import dev.flightwire.internal.integration.Scenario;
import dev.flightwire.internal.integration.Scenarios;
import java.io.File;
import java.net.URISyntaxException;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every integration scenario and the JSON round trip, our client against our server in one JVM,
 * with the allocators checked for leaks. The peers run them in wire/IntegrationScenariosTest.
 */
class ScenariosSelfTest {
  static Stream<String> names() {
    return Scenarios.names().stream();
  }

  @ParameterizedTest
  @MethodSource("names")
  void scenario(String name) throws Exception {
    Scenario scenario = Scenarios.get(name);
    try (BufferAllocator serverAllocator = new RootAllocator();
        BufferAllocator clientAllocator = new RootAllocator()) {
      FlightServer.Builder b = FlightServer.builder(serverAllocator, Location.forGrpcTcp("localhost", 0),
          scenario.service(serverAllocator));
      scenario.configureServer(b);
      try (FlightServer server = b.build().start()) {
        FlightClientOptions.Builder ob = FlightClientOptions.builder().allocator(clientAllocator);
        scenario.configureClient(ob);
        try (FlightClient client = FlightClient.connect(server.location(), ob.build())) {
          scenario.runClient(clientAllocator, client);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"primitive.json", "dictionary.json"})
  void jsonRoundTrip(String file) throws Exception {
    File json = json(file);
    try (BufferAllocator serverAllocator = new RootAllocator();
        BufferAllocator clientAllocator = new RootAllocator();
        RoundTripStore store = new RoundTripStore(serverAllocator);
        FlightServer server = FlightServer.builder(serverAllocator, Location.forGrpcTcp("localhost", 0), store)
            .build().start()) {
      store.setLocation(server.location());
      try (FlightClient client = FlightClient.connect(server.location(),
          FlightClientOptions.builder().allocator(clientAllocator).build())) {
        JsonRoundTrip.run(clientAllocator, client, json);
      }
      assertEquals(0, server.activeCalls());
    }
  }

  static File json(String name) throws URISyntaxException {
    return new File(ScenariosSelfTest.class.getResource("/integration/" + name).toURI());
  }
}
