package dev.flightwire.peer;

import static dev.flightwire.peer.Checks.bytes;
import static dev.flightwire.peer.Checks.check;
import static dev.flightwire.peer.Checks.checkEqual;
import static dev.flightwire.peer.Checks.step;
import static dev.flightwire.peer.Checks.utf8;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightProducer;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code ordered}: FlightInfo.ordered.
 *
 * <p>Server: GetFlightInfo(CMD "ordered") answers ordered=true and endpoints with tickets "1", "2",
 * "3" in that order and no locations; any other descriptor answers ordered=false and the order
 * "1", "3", "2". Schema: {@code number: int32 not null}. DoGet "1"/"2"/"3" answers one batch
 * [1,2,3] / [10,20,30] / [100,200,300]; another ticket fails with NOT_FOUND.
 *
 * <p>Client: GetFlightInfo(CMD "ordered") must say ordered, with exactly 3 endpoints without
 * locations; DoGet of each (on this connection) must have the schema above and exactly one batch
 * of 3 rows [k, 2k, 3k] for k = 1, 10, 100 in endpoint order (the concatenation is C++'s check, one
 * batch per endpoint Java's). Also (beyond Arrow): FlightInfo.schema must be that schema.
 */
final class OrderedScenario implements IntegrationScenario {
  static final Schema SCHEMA =
      new Schema(List.of(Field.notNullable("number", new ArrowType.Int(32, true))));

  @Override
  public FlightProducer producer(BufferAllocator allocator, Supplier<Location> self) {
    return new NoOpFlightProducer() {
      @Override
      public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
        boolean ordered =
            descriptor.isCommand() && Arrays.equals(descriptor.getCommand(), utf8("ordered"));
        List<String> tickets = ordered ? List.of("1", "2", "3") : List.of("1", "3", "2");
        List<FlightEndpoint> endpoints = new ArrayList<>();
        for (String t : tickets) {
          endpoints.add(new FlightEndpoint(new Ticket(utf8(t))));
        }
        return new FlightInfo(SCHEMA, descriptor, endpoints, -1, -1, ordered, IpcOption.DEFAULT);
      }

      @Override
      public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
        int k;
        switch (Checks.utf8(ticket.getBytes())) {
          case "1":
            k = 1;
            break;
          case "2":
            k = 10;
            break;
          case "3":
            k = 100;
            break;
          default:
            listener.error(CallStatus.NOT_FOUND
                .withDescription("Could not find flight: " + bytes(ticket.getBytes()))
                .toRuntimeException());
            return;
        }
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
          IntVector number = (IntVector) root.getVector(0);
          number.allocateNew(3);
          for (int i = 0; i < 3; i++) {
            number.set(i, (i + 1) * k);
          }
          root.setRowCount(3);
          listener.start(root);
          listener.putNext();
          listener.completed();
        }
      }
    };
  }

  @Override
  public void runClient(BufferAllocator allocator, Location server, FlightClient client)
      throws Exception {
    step("GetFlightInfo(CMD \"ordered\")");
    FlightInfo info = client.getInfo(FlightDescriptor.command(utf8("ordered")));
    check(info.getOrdered(), "FlightInfo.ordered is false, expected true");
    checkEqual("FlightInfo.schema", SCHEMA, info.getSchemaOptional().orElse(null));
    List<FlightEndpoint> endpoints = info.getEndpoints();
    checkEqual("number of endpoints", 3, endpoints.size());
    int k = 1;
    for (int i = 0; i < endpoints.size(); i++, k *= 10) {
      FlightEndpoint e = endpoints.get(i);
      check(e.getLocations().isEmpty(), "endpoint " + i + " has locations " + e.getLocations()
          + ", expected none (data comes from this service)");
      String what = "DoGet endpoint " + i + " (ticket " + bytes(e.getTicket().getBytes()) + ")";
      step(what);
      FlightStream stream = client.getStream(e.getTicket());
      checkEqual(what + " schema", SCHEMA, stream.getSchema());
      List<List<Long>> batches = Checks.integerBatches(stream);
      checkEqual(what + " batches", List.of(List.of((long) k, 2L * k, 3L * k)), batches);
    }
  }
}
