package dev.flightwire.cli;

import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInternalError;
import dev.flightwire.Location;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * How a catalog ({@link CatalogService}) makes one FlightInfo of its shards' answers for the same
 * flight:
 * <ul>
 *   <li>schema: the shards must agree on the fields (names, types, nullability, field metadata);
 *       the schema is the first shard's as it sent it (schema-level metadata included, which may
 *       differ between shards). A shard that sends no schema does not take part in the check.
 *   <li>total records and total bytes: the sums, or -1 when a shard does not know its own.
 *   <li>endpoints: every shard's, in shard order. An endpoint that names no location (or
 *       {@code arrow-flight-reuse-connection://?}), meaning "the server that answered", gets the
 *       locations of all the shard's replicas instead; other locations are kept.
 *   <li>ordered: only when every shard says so (then the data is the shards' in shard order).
 *   <li>app metadata: the shards' when they all sent the same, else none.
 * </ul>
 * Pure functions of their arguments.
 */
final class CombinedInfo {
  private CombinedInfo() {}

  /**
   * One shard's answer: who said it (for messages), where its replicas are, and the info.
   * {@code wider}: the shard answered a scan's plain path (it refused the scan), so its schema and
   * endpoints carry every column: its schema must hold the scan's columns, not equal them.
   */
  record Part(String shard, List<Location> replicas, FlightInfo info, boolean wider) {}

  /**
   * The combined info of {@code parts} (at least one), answering {@code descriptor}.
   *
   * @throws FlightInternalError when two shards disagree on the schema (naming both)
   */
  static FlightInfo combine(FlightDescriptor descriptor, List<Part> parts) {
    byte[] schema = schemaOf(descriptor, parts);
    List<FlightEndpoint> endpoints = endpointsOf(parts);
    long records = 0;
    long bytes = 0;
    boolean ordered = true;
    byte[] metadata = parts.get(0).info().appMetadata();
    for (Part p : parts) {
      records = add(records, p.info().totalRecords());
      bytes = add(bytes, p.info().totalBytes());
      ordered &= p.info().ordered();
      if (!Arrays.equals(metadata, p.info().appMetadata())) {
        metadata = null;
      }
    }
    return new FlightInfo(schema, descriptor, endpoints, records, bytes, ordered, metadata);
  }

  /**
   * ListFlights of a catalog: the shards' infos (in shard order, each shard's in its own order)
   * merged by descriptor, in the order first seen. A flight whose shards disagree on the schema is
   * listed without schema and totals, its app metadata saying why.
   */
  static List<FlightInfo> merge(List<Part> parts) {
    Map<FlightDescriptor, List<Part>> byDescriptor = new LinkedHashMap<>();
    for (Part p : parts) {
      byDescriptor.computeIfAbsent(p.info().descriptor(), d -> new ArrayList<>()).add(p);
    }
    List<FlightInfo> out = new ArrayList<>();
    for (Map.Entry<FlightDescriptor, List<Part>> e : byDescriptor.entrySet()) {
      try {
        out.add(combine(e.getKey(), e.getValue()));
      } catch (FlightInternalError mismatch) {
        out.add(new FlightInfo((byte[]) null, e.getKey(), endpointsOf(e.getValue()), -1, -1, false,
            mismatch.getMessage().getBytes(StandardCharsets.UTF_8)));
      }
    }
    return out;
  }

  /**
   * Checks that every schema has the same fields as the first.
   *
   * @param what the flight, for the message
   * @param shards who sent each schema, for the message
   * @param schemas the schemas, in the same order; null for a shard that sent none
   * @throws FlightInternalError naming the first two shards that disagree
   */
  static void checkSameFields(String what, List<String> shards, List<Schema> schemas) {
    int first = -1;
    for (int i = 0; i < schemas.size(); i++) {
      Schema s = schemas.get(i);
      if (s == null) {
        continue;
      }
      if (first < 0) {
        first = i;
      } else if (!s.getFields().equals(schemas.get(first).getFields())) {
        throw new FlightInternalError("the shards disagree on the schema of " + what + ": " + shards.get(first)
            + " has " + fields(schemas.get(first)) + ", " + shards.get(i) + " has " + fields(s));
      }
    }
  }

  /**
   * Every wider part's schema holds each field of {@code exact}'s (by name, type and nullability);
   * {@code exact} sent a schema.
   */
  private static void checkHolds(FlightDescriptor descriptor, Part exact, List<Part> parts) {
    Schema want = exact.info().schema();
    for (Part p : parts) {
      if (!p.wider() || p.info().serializedSchema().length == 0) {
        continue;
      }
      Schema has = p.info().schema();
      for (Field f : want.getFields()) {
        Field g = has.getFields().stream().filter(x -> x.getName().equals(f.getName())).findFirst().orElse(null);
        if (g == null || !g.equals(f)) {
          throw new FlightInternalError("the shards disagree on the schema of " + Descriptors.text(descriptor) + ": "
              + exact.shard() + " has " + f + ", " + p.shard() + " (which does not know the scan) has "
              + (g == null ? "no column " + f.getName() : g.toString()));
        }
      }
    }
  }

  private static String fields(Schema s) {
    List<String> out = new ArrayList<>();
    for (Field f : s.getFields()) {
      out.add(f.toString());
    }
    return "(" + String.join(", ", out) + ")";
  }

  /** The first schema sent, as sent, once checked against the others; null when none was. */
  private static byte[] schemaOf(FlightDescriptor descriptor, List<Part> parts) {
    List<Part> exact = parts.stream().filter(p -> !p.wider()).toList();
    if (!exact.isEmpty() && exact.size() < parts.size()) {
      byte[] schema = schemaOf(descriptor, exact);
      if (schema != null) {
        // the first exact part that sent a schema (an earlier one may have sent none)
        Part first = exact.stream().filter(p -> p.info().serializedSchema().length > 0).findFirst().orElseThrow();
        checkHolds(descriptor, first, parts);
      }
      return schema;
    }
    byte[] first = null;
    boolean same = true;
    for (Part p : parts) {
      byte[] s = p.info().serializedSchema();
      if (s.length == 0) {
        continue;
      }
      if (first == null) {
        first = s;
      } else {
        same &= Arrays.equals(first, s);
      }
    }
    if (!same) {
      List<String> shards = new ArrayList<>();
      List<Schema> schemas = new ArrayList<>();
      for (Part p : parts) {
        shards.add(p.shard());
        schemas.add(p.info().schema());
      }
      checkSameFields(Descriptors.text(descriptor), shards, schemas);
    }
    return first;
  }

  private static List<FlightEndpoint> endpointsOf(List<Part> parts) {
    List<FlightEndpoint> out = new ArrayList<>();
    for (Part p : parts) {
      for (FlightEndpoint e : p.info().endpoints()) {
        out.add(relocate(e, p.replicas()));
      }
    }
    return out;
  }

  /**
   * {@code endpoint} as seen from outside its shard: "the server that answered" (no location, or
   * {@code arrow-flight-reuse-connection://?}) becomes every replica of the shard.
   */
  static FlightEndpoint relocate(FlightEndpoint endpoint, List<Location> replicas) {
    List<Location> given = endpoint.locations();
    boolean local = given.isEmpty();
    for (Location l : given) {
      local |= l.isReuseConnection();
    }
    if (!local) {
      return endpoint;
    }
    List<Location> out = new ArrayList<>();
    for (Location l : given.isEmpty() ? List.of(Location.reuseConnection()) : given) {
      for (Location add : l.isReuseConnection() ? replicas : List.of(l)) {
        if (!out.contains(add)) {
          out.add(add);
        }
      }
    }
    return new FlightEndpoint(endpoint.ticket(), out, endpoint.expirationTime(), endpoint.appMetadata());
  }

  /** {@code a + b}, or -1 when either is unknown (negative). */
  private static long add(long a, long b) {
    return a < 0 || b < 0 ? -1 : a + b;
  }
}
