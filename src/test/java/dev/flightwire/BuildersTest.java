package dev.flightwire;

import dev.flightwire.internal.convert.Protos;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FlightInfo and FlightEndpoint builders: the optional fields by name, the same values as the constructors. */
class BuildersTest {
  private static final FlightDescriptor DESCRIPTOR = FlightDescriptor.forPath("a", "b");

  @Test
  void flightInfoDefaultsAreThoseOfTheShortConstructor() {
    FlightInfo built = FlightInfo.builder(TestData.INTS, DESCRIPTOR, List.of()).build();
    assertEquals(new FlightInfo(TestData.INTS, DESCRIPTOR, List.of()), built);
    assertEquals(-1, built.totalRecords());
    assertEquals(-1, built.totalBytes());
    assertFalse(built.ordered());
    assertArrayEquals(new byte[0], built.appMetadata());
  }

  @Test
  void everyFieldSurvivesTheWire() throws Exception {
    byte[] md = {1, 2, 3};
    Instant expires = Instant.parse("2030-01-02T03:04:05Z");
    FlightEndpoint endpoint = FlightEndpoint.builder(Ticket.of("t"), Location.forGrpcTcp("h", 1))
        .expirationTime(expires).appMetadata(md).build();
    assertEquals(new FlightEndpoint(Ticket.of("t"), List.of(Location.forGrpcTcp("h", 1)), expires, md), endpoint);
    FlightInfo info = FlightInfo.builder(TestData.INTS, DESCRIPTOR, List.of(endpoint))
        .totalRecords(30).totalBytes(4096).ordered(true).appMetadata(md).build();
    md[0] = 9; // the builders copied it
    assertEquals(new FlightInfo(TestData.INTS, DESCRIPTOR, List.of(endpoint), 30, 4096, true, new byte[] {1, 2, 3}),
        info);
    FlightInfo back = Protos.fromProto(Protos.toProto(info));
    assertEquals(info, back);
    assertEquals(TestData.INTS, back.schema());
    assertEquals(expires, back.endpoints().get(0).expirationTime());
    assertArrayEquals(new byte[] {1, 2, 3}, back.endpoints().get(0).appMetadata());
  }

  @Test
  void requiredPartsAreChecked() {
    assertThrows(NullPointerException.class, () -> FlightInfo.builder(null, null, List.of()));
    assertThrows(NullPointerException.class, () -> FlightEndpoint.builder(null));
    assertNull(FlightInfo.builder(null, DESCRIPTOR, List.of()).build().schema());
  }
}
