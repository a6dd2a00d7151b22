package dev.flightwire.internal.integration;

import static dev.flightwire.internal.integration.IntegrationFailure.check;
import static dev.flightwire.internal.integration.IntegrationFailure.checkEquals;

import dev.flightwire.DoPutStreams;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.Location;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The integration client's JSON round trip (flight-reference.md 6.2): upload an Arrow integration
 * JSON file (or an Arrow IPC stream file) with DoPut (app_metadata "0", "1", ..., each acknowledged before the next batch), then
 * GetFlightInfo and DoGet every endpoint, comparing schema, batches and app_metadata.
 */
public final class JsonRoundTrip {
  private JsonRoundTrip() {}

  /** Runs the round trip of {@code json} through {@code client}. */
  public static void run(BufferAllocator allocator, FlightClient client, File json) throws IOException {
    FlightDescriptor descriptor = FlightDescriptor.forPath(json.getPath());
    Schema schema;
    int batches = 0;
    try (RoundTripSource reader = RoundTripSource.open(json, allocator)) {
      schema = reader.schema();
      try (DoPutStreams put = client.doPut(descriptor, schema)) {
        // an IPC stream loads its dictionaries with the first batch: read it before the schema goes out
        VectorSchemaRoot batch = reader.next();
        put.writer().begin(schema, reader.dictionaries());
        for (; batch != null; batch = reader.next()) {
          byte[] metadata = Integer.toString(batches).getBytes(StandardCharsets.UTF_8);
          put.writer().writeWithMetadata(batch, metadata);
          byte[] ack = put.reader().read();
          check(ack != null, "DoPut: no PutResult for batch " + batches);
          checkEquals(Integer.toString(batches), new String(ack, StandardCharsets.UTF_8),
              "DoPut: app_metadata of the PutResult for batch " + batches);
          batches++;
        }
        put.writer().doneWriting();
        while (put.reader().read() != null) {
          // drain any further acks
        }
      }
    }
    FlightInfo info = client.getFlightInfo(descriptor);
    check(!info.endpoints().isEmpty(), "GetFlightInfo: no endpoints");
    for (FlightEndpoint e : info.endpoints()) {
      List<Location> locations = e.locations();
      if (locations.isEmpty() || locations.get(0).uri().equals(Location.REUSE_CONNECTION_URI)) {
        compare(allocator, client, e, json, batches);
      } else {
        for (Location l : locations) {
          try (FlightClient other = FlightClient.connect(l,
              FlightClientOptions.builder().allocator(allocator).build())) {
            compare(allocator, other, e, json, batches);
          }
        }
      }
    }
  }

  private static void compare(BufferAllocator allocator, FlightClient client, FlightEndpoint endpoint, File json,
      int expectedBatches) throws IOException {
    try (RoundTripSource expected = RoundTripSource.open(json, allocator);
        FlightStreamReader actual = client.doGet(endpoint.ticket())) {
      Schema schema = expected.schema();
      checkEquals(schema, actual.schema(), "DoGet: schema");
      int i = 0;
      VectorSchemaRoot want;
      while ((want = expected.next()) != null) {
        {
          VectorSchemaRoot w = want;
          check(actual.next(), "DoGet: the stream ended after " + i + " of " + expectedBatches + " batches");
          VectorSchemaRoot got = actual.root();
          check(w.equals(got), "DoGet: batch " + i + " differs:\nexpected " + w.contentToTSVString()
              + "\nactual   " + got.contentToTSVString());
          byte[] metadata = actual.latestMetadata();
          checkEquals(Integer.toString(i), metadata == null ? null : new String(metadata, StandardCharsets.UTF_8),
              "DoGet: app_metadata of batch " + i);
        }
        i++;
      }
      check(!actual.next(), "DoGet: the server sent more than " + i + " batches");
      compareDictionaries(expected.dictionaries(), actual.dictionaries());
    }
  }

  private static void compareDictionaries(DictionaryProvider expected, DictionaryProvider actual) {
    for (Long id : expected.getDictionaryIds()) {
      Dictionary want = expected.lookup(id);
      Dictionary got = actual == null ? null : actual.lookup(id);
      check(got != null, "DoGet: dictionary " + id + " is missing");
      check(want.getVector().getValueCount() == got.getVector().getValueCount()
          && new org.apache.arrow.vector.compare.RangeEqualsVisitor(want.getVector(), got.getVector())
              .rangeEquals(new org.apache.arrow.vector.compare.Range(0, 0, want.getVector().getValueCount())),
          "DoGet: dictionary " + id + " differs");
    }
  }

}
