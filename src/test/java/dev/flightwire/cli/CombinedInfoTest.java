package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInternalError;
import dev.flightwire.Location;
import dev.flightwire.Ticket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** How a catalog combines its shards' FlightInfos for one flight, and merges their listings. */
class CombinedInfoTest {
  private static final Location A = Location.forGrpcTcp("127.0.0.2", 8816);
  private static final Location B = Location.forGrpcTcp("127.0.0.3", 8816);
  private static final Location C = Location.forGrpcTcp("127.0.0.4", 8816);
  private static final Location ELSEWHERE = Location.forGrpcTcp("store", 9000);
  private static final FlightDescriptor SALES = FlightDescriptor.forPath("sales");
  private static final Schema LONGS = new Schema(List.of(field("n", new ArrowType.Int(64, true))));

  private static Field field(String name, ArrowType type) {
    return new Field(name, FieldType.nullable(type), null);
  }

  private static FlightInfo info(Schema schema, FlightDescriptor d, long rows, long bytes, boolean ordered,
      FlightEndpoint... endpoints) {
    return FlightInfo.builder(schema, d, List.of(endpoints)).totalRecords(rows).totalBytes(bytes).ordered(ordered)
        .build();
  }

  private static CombinedInfo.Part shard1(FlightInfo info) {
    return new CombinedInfo.Part("shard 1", List.of(A, B), info, false);
  }

  private static CombinedInfo.Part shard2(FlightInfo info) {
    return new CombinedInfo.Part("shard 2", List.of(C), info, false);
  }

  @Test
  void endpointsOfTheServerThatAnsweredNameEveryReplicaOfItsShard() {
    FlightInfo one = info(LONGS, SALES, 100, 800, false, new FlightEndpoint(Ticket.of("sales.arrows")));
    FlightInfo two = info(LONGS, SALES, 50, 400, false, new FlightEndpoint(Ticket.of("sales.arrows")),
        new FlightEndpoint(Ticket.of("extra"), ELSEWHERE));
    FlightInfo all = CombinedInfo.combine(SALES, List.of(shard1(one), shard2(two)));
    assertEquals(SALES, all.descriptor());
    assertEquals(LONGS, all.schema());
    assertEquals(150, all.totalRecords());
    assertEquals(1200, all.totalBytes());
    assertFalse(all.ordered());
    assertEquals(List.of(new FlightEndpoint(Ticket.of("sales.arrows"), A, B),
        new FlightEndpoint(Ticket.of("sales.arrows"), C), new FlightEndpoint(Ticket.of("extra"), ELSEWHERE)),
        all.endpoints());
  }

  /**
   * A shard that refused a scan answered its plain path: its schema may hold more columns than the
   * scan's, but must hold those; the combined schema is the scan's.
   */
  @Test
  void aShardAnsweringTheScansPathMayHaveMoreColumnsButNotOthers() {
    Field n = field("n", new ArrowType.Int(64, true));
    Field s = field("s", ArrowType.Utf8.INSTANCE);
    FlightDescriptor scan = FlightDescriptor.forCommand("{\"type\": \"flightwire.scan\", \"path\": [\"sales\"]}");
    FlightInfo projected = info(LONGS, scan, -1, -1, false, new FlightEndpoint(Ticket.of("{scan}")));
    FlightInfo whole = info(new Schema(List.of(s, n)), FlightDescriptor.forPath("sales"), 10, 80, false,
        new FlightEndpoint(Ticket.of("sales")));
    CombinedInfo.Part wide = new CombinedInfo.Part("shard 2", List.of(C), whole, true);
    FlightInfo all = CombinedInfo.combine(scan, List.of(shard1(projected), wide));
    assertEquals(LONGS, all.schema());
    assertEquals(2, all.endpoints().size());

    FlightInfo other = info(new Schema(List.of(s)), FlightDescriptor.forPath("sales"), 10, 80, false,
        new FlightEndpoint(Ticket.of("sales")));
    FlightInternalError e = assertThrows(FlightInternalError.class, () -> CombinedInfo.combine(scan,
        List.of(shard1(projected), new CombinedInfo.Part("shard 2", List.of(C), other, true))));
    assertTrue(e.getMessage().contains("shard 2 (which does not know the scan) has no column n"), e.getMessage());
  }

  /** The first shard that knows the scan sent no schema: the wider one is checked against the next. */
  @Test
  void aWiderShardIsCheckedAgainstTheFirstScanAnswerThatHasASchema() {
    Field n = field("n", new ArrowType.Int(64, true));
    Field s = field("s", ArrowType.Utf8.INSTANCE);
    FlightDescriptor scan = FlightDescriptor.forCommand("{\"type\": \"flightwire.scan\", \"path\": [\"sales\"]}");
    FlightInfo noSchema = new FlightInfo((Schema) null, scan, List.of(), -1, -1, false, null);
    FlightInfo projected = info(LONGS, scan, -1, -1, false, new FlightEndpoint(Ticket.of("{scan}")));
    FlightInfo whole = info(new Schema(List.of(s, n)), FlightDescriptor.forPath("sales"), 10, 80, false,
        new FlightEndpoint(Ticket.of("sales")));
    CombinedInfo.Part third = new CombinedInfo.Part("shard 3", List.of(ELSEWHERE), whole, true);
    FlightInfo all = CombinedInfo.combine(scan, List.of(shard1(noSchema), shard2(projected), third));
    assertEquals(LONGS, all.schema());
    assertEquals(2, all.endpoints().size());

    FlightInfo other = info(new Schema(List.of(s)), FlightDescriptor.forPath("sales"), 10, 80, false);
    FlightInternalError e = assertThrows(FlightInternalError.class, () -> CombinedInfo.combine(scan,
        List.of(shard1(noSchema), shard2(projected), new CombinedInfo.Part("shard 3", List.of(ELSEWHERE), other, true))));
    assertTrue(e.getMessage().contains("shard 2 has n: Int(64, true), shard 3 (which does not know the scan) has no"
        + " column n"), e.getMessage());
  }

  @Test
  void theReuseConnectionLocationBecomesTheReplicasAndTheRestOfTheEndpointIsKept() {
    Instant expires = Instant.parse("2030-01-02T03:04:05Z");
    FlightEndpoint e = new FlightEndpoint(Ticket.of("t"), List.of(ELSEWHERE, Location.reuseConnection(), A), expires,
        "md".getBytes(StandardCharsets.UTF_8));
    FlightEndpoint moved = CombinedInfo.relocate(e, List.of(A, B));
    assertEquals(List.of(ELSEWHERE, A, B), moved.locations());
    assertEquals(expires, moved.expirationTime());
    assertArrayEquals("md".getBytes(StandardCharsets.UTF_8), moved.appMetadata());
    FlightEndpoint kept = new FlightEndpoint(Ticket.of("t"), ELSEWHERE);
    assertTrue(kept == CombinedInfo.relocate(kept, List.of(A, B)));
  }

  @Test
  void anUnknownTotalMakesTheSumUnknownAndOrderedNeedsEveryShard() {
    FlightInfo known = info(LONGS, SALES, 10, 80, true, new FlightEndpoint(Ticket.of("x")));
    FlightInfo unknownBytes = info(LONGS, SALES, 5, -1, true, new FlightEndpoint(Ticket.of("x")));
    FlightInfo unordered = info(LONGS, SALES, 5, 40, false, new FlightEndpoint(Ticket.of("x")));
    FlightInfo a = CombinedInfo.combine(SALES, List.of(shard1(known), shard2(unknownBytes)));
    assertEquals(15, a.totalRecords());
    assertEquals(-1, a.totalBytes());
    assertTrue(a.ordered());
    assertFalse(CombinedInfo.combine(SALES, List.of(shard1(known), shard2(unordered))).ordered());
  }

  @Test
  void shardsMustAgreeOnTheFieldsButNotOnSchemaMetadata() {
    Schema withMetadata = new Schema(LONGS.getFields(), Map.of("pandas", "{\"stop\": 50}"));
    FlightInfo all = CombinedInfo.combine(SALES, List.of(shard1(info(withMetadata, SALES, 1, 8, false)),
        shard2(info(LONGS, SALES, 1, 8, false))));
    assertEquals(withMetadata, all.schema());

    Schema strings = new Schema(List.of(field("n", ArrowType.Utf8.INSTANCE)));
    FlightInternalError e = assertThrows(FlightInternalError.class, () -> CombinedInfo.combine(SALES,
        List.of(shard1(info(LONGS, SALES, 1, 8, false)), shard2(info(strings, SALES, 1, 8, false)))));
    assertEquals("the shards disagree on the schema of sales: shard 1 has (n: Int(64, true)), shard 2 has (n: Utf8)",
        e.getMessage());

    FlightInfo noSchema = new FlightInfo((Schema) null, SALES, List.of(), -1, -1, false, null);
    assertEquals(LONGS, CombinedInfo.combine(SALES, List.of(shard1(noSchema), shard2(info(LONGS, SALES, 1, 8,
        false)))).schema());
  }

  @Test
  void appMetadataIsKeptOnlyWhenEveryShardSentTheSame() {
    byte[] md = "v1".getBytes(StandardCharsets.UTF_8);
    FlightInfo a = FlightInfo.builder(LONGS, SALES, List.of()).appMetadata(md).build();
    FlightInfo b = FlightInfo.builder(LONGS, SALES, List.of()).appMetadata("v2".getBytes(StandardCharsets.UTF_8))
        .build();
    assertArrayEquals(md, CombinedInfo.combine(SALES, List.of(shard1(a), shard2(a))).appMetadata());
    assertEquals(0, CombinedInfo.combine(SALES, List.of(shard1(a), shard2(b))).appMetadata().length);
  }

  @Test
  void listingsAreMergedByDescriptorInTheOrderFirstSeen() {
    FlightDescriptor only2 = FlightDescriptor.forPath("only2");
    FlightDescriptor odd = FlightDescriptor.forPath("odd");
    Schema strings = new Schema(List.of(field("n", ArrowType.Utf8.INSTANCE)));
    List<FlightInfo> merged = CombinedInfo.merge(List.of(
        shard1(info(LONGS, SALES, 100, 800, false, new FlightEndpoint(Ticket.of("sales.arrows")))),
        shard1(info(LONGS, odd, 1, 8, false, new FlightEndpoint(Ticket.of("odd.csv")))),
        shard2(info(LONGS, only2, 3, 24, false, new FlightEndpoint(Ticket.of("only2.csv")))),
        shard2(info(LONGS, SALES, 50, 400, false, new FlightEndpoint(Ticket.of("sales.arrows")))),
        shard2(info(strings, odd, 1, 8, false, new FlightEndpoint(Ticket.of("odd.csv"))))));
    assertEquals(List.of(SALES, odd, only2), merged.stream().map(FlightInfo::descriptor).toList());
    assertEquals(150, merged.get(0).totalRecords());
    assertEquals(List.of(List.of(A, B), List.of(C)),
        merged.get(0).endpoints().stream().map(FlightEndpoint::locations).toList());
    FlightInfo mismatch = merged.get(1);
    assertNull(mismatch.schema());
    assertEquals(-1, mismatch.totalRecords());
    assertEquals(2, mismatch.endpoints().size());
    assertEquals("the shards disagree on the schema of odd: shard 1 has (n: Int(64, true)), shard 2 has (n: Utf8)",
        new String(mismatch.appMetadata(), StandardCharsets.UTF_8));
    assertEquals(List.of(new FlightEndpoint(Ticket.of("only2.csv"), C)), merged.get(2).endpoints());
  }
}
