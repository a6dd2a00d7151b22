package dev.flightwire.internal.integration;

import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightMetadataWriter;
import dev.flightwire.FlightNotFoundError;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightStreamChunk;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.GeneratorStream;
import dev.flightwire.Location;
import dev.flightwire.ServerCallContext;
import dev.flightwire.Ticket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The integration server without a scenario (flight-reference.md 6.2): DoPut stores an upload
 * under its path (acknowledging each batch with its app_metadata), GetFlightInfo describes it with
 * one endpoint here, DoGet streams it back with app_metadata "0", "1", ... Uploads are kept by
 * moving the reader's buffers (no copy). Closing the store releases them.
 */
public final class RoundTripStore extends FlightServerBase implements AutoCloseable {
  private final BufferAllocator allocator;
  private final Map<String, Stored> flights = new ConcurrentHashMap<>();
  private volatile Location location;

  private static final class Stored implements AutoCloseable {
    /** In memory: dictionary-encoded fields typed by their indices. */
    final Schema schema;
    /** On the wire (FlightInfo): dictionary-encoded fields typed by their values. */
    Schema messageSchema;
    final List<VectorSchemaRoot> batches = new ArrayList<>();
    final DictionaryProvider.MapDictionaryProvider dictionaries = new DictionaryProvider.MapDictionaryProvider();

    Stored(Schema schema) {
      this.schema = schema;
    }

    long rows() {
      return batches.stream().mapToLong(VectorSchemaRoot::getRowCount).sum();
    }

    @Override
    public void close() {
      batches.forEach(VectorSchemaRoot::close);
      for (Long id : dictionaries.getDictionaryIds()) {
        dictionaries.lookup(id).getVector().close();
      }
    }
  }

  public RoundTripStore(BufferAllocator allocator) {
    this.allocator = allocator;
  }

  /** Where clients fetch stored flights (the server's own location, known once it started). */
  public void setLocation(Location location) {
    this.location = location;
  }

  private static String key(FlightDescriptor d) {
    if (d.isCommand() || d.path().isEmpty()) {
      throw new FlightInvalidArgumentError("the integration store needs a PATH descriptor, got " + d);
    }
    return d.path().get(0);
  }

  @Override
  public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
      FlightMetadataWriter writer) {
    String key = key(descriptor);
    Stored stored = new Stored(reader.schema());
    try {
      FlightStreamChunk chunk;
      while ((chunk = reader.readChunk()) != null) {
        if (chunk.data() != null) {
          stored.batches.add(take(chunk.data()));
        }
        if (chunk.appMetadata() != null) {
          writer.write(chunk.appMetadata());
        }
      }
      DictionaryProvider dictionaries = reader.dictionaries();
      if (dictionaries != null) {
        for (Long id : dictionaries.getDictionaryIds()) {
          Dictionary d = dictionaries.lookup(id);
          FieldVector copy = (FieldVector) d.getVector().getField().createVector(allocator);
          d.getVector().makeTransferPair(copy).transfer();
          stored.dictionaries.put(new Dictionary(copy, d.getEncoding()));
        }
      }
    } catch (RuntimeException e) {
      stored.close();
      throw e;
    }
    java.util.List<org.apache.arrow.vector.types.pojo.Field> fields = new ArrayList<>();
    for (org.apache.arrow.vector.types.pojo.Field f : stored.schema.getFields()) {
      fields.add(org.apache.arrow.vector.util.DictionaryUtility.toMessageFormat(f, stored.dictionaries,
          new java.util.HashSet<>()));
    }
    stored.messageSchema = new Schema(fields, stored.schema.getCustomMetadata());
    Stored old = flights.put(key, stored);
    if (old != null) {
      old.close();
    }
  }

  /** Moves a batch's buffers out of the reader's root into a new root of ours. */
  private VectorSchemaRoot take(VectorSchemaRoot source) {
    List<FieldVector> vectors = new ArrayList<>();
    for (FieldVector v : source.getFieldVectors()) {
      FieldVector target = (FieldVector) v.getField().createVector(allocator);
      v.makeTransferPair(target).transfer();
      vectors.add(target);
    }
    return new VectorSchemaRoot(source.getSchema().getFields(), vectors, source.getRowCount());
  }

  @Override
  public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
    String key = key(descriptor);
    Stored s = flights.get(key);
    if (s == null) {
      throw new FlightNotFoundError("no flight stored under " + key);
    }
    List<Location> here = location == null ? List.of() : List.of(location);
    return new FlightInfo(s.messageSchema, descriptor, List.of(new FlightEndpoint(Ticket.of(key), here, null, new byte[0])),
        s.rows(), -1, false, new byte[0]);
  }

  @Override
  public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
    Stored s = flights.get(ticket.asString());
    if (s == null) {
      throw new FlightNotFoundError("no flight stored under " + ticket.asString());
    }
    List<FlightStreamChunk> chunks = new ArrayList<>();
    for (int i = 0; i < s.batches.size(); i++) {
      chunks.add(FlightStreamChunk.of(s.batches.get(i), Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
    }
    return new GeneratorStream(s.schema, s.dictionaries.getDictionaryIds().isEmpty() ? null : s.dictionaries,
        chunks);
  }

  @Override
  public void close() {
    flights.values().forEach(Stored::close);
    flights.clear();
  }
}
