package dev.flightwire.internal;

import dev.flightwire.ChunkedTable;
import dev.flightwire.FlightMetadataWriter;
import dev.flightwire.FlightStreamChunk;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.FlightStreamWriter;
import dev.flightwire.internal.flight.FlightDataReader;
import dev.flightwire.internal.flight.FlightDataWriter;
import dev.flightwire.IpcCompression;
import dev.flightwire.Location;
import dev.flightwire.RecordBatchStream;
import dev.flightwire.ServerCallContext;
import dev.flightwire.internal.call.ServerStream;
import dev.flightwire.internal.ipc.DictionaryUpdate;
import dev.flightwire.middleware.FlightMethod;
import dev.flightwire.middleware.ServerMiddleware;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.apache.arrow.vector.compression.CompressionUtil;

/**
 * The one bridge from the internal packages to the package-private constructors and methods of
 * the public classes in {@code dev.flightwire}, so that those stay out of the public API (the way
 * OkHttp's {@code Internal} hook works). The package-private {@code dev.flightwire.InternalAccess}
 * implements it, and {@link Location}'s static initializer registers that implementation;
 * {@link #get()} initializes Location first, so the order in which classes load does not matter.
 * Each method does exactly what the package-private member it names does; the Javadoc of that
 * member states its ownership rules. Not API.
 */
public abstract class Access {
  private static volatile Access instance;

  /** Called once, by Location's static initializer. */
  public static void register(Access access) {
    if (instance != null) {
      throw new IllegalStateException("already registered");
    }
    instance = access;
  }

  /** The registered implementation. */
  public static Access get() {
    Access a = instance;
    if (a == null) {
      try {
        Class.forName(Location.class.getName(), true, Location.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      a = instance;
    }
    return a;
  }

  // ------------------------------------------------------------------ server side

  /** {@code new ServerCallContext(...)}. */
  public abstract ServerCallContext newCallContext(ServerStream stream, FlightMethod method, String peerIdentity,
      Executor executor, Map<String, ServerMiddleware> middleware);

  /** {@code new FlightMetadataWriter(stream)}. */
  public abstract FlightMetadataWriter newMetadataWriter(ServerStream stream);

  /** {@code RecordBatchStream.chunked()}. */
  public abstract ChunkedTable chunked(RecordBatchStream stream);

  /** {@code FlightStreamChunk.dictionariesBefore()}. */
  public abstract List<DictionaryUpdate> dictionariesBefore(FlightStreamChunk chunk);

  /** {@code IpcCompression.codecType()}. */
  public abstract CompressionUtil.CodecType codecType(IpcCompression compression);

  // ------------------------------------------------------------------ both sides

  /** {@code new FlightStreamReader(core)}: the public facade over a read path. */
  public abstract FlightStreamReader newReader(FlightDataReader core);

  /** The read path {@code reader} is the facade of. */
  public abstract FlightDataReader core(FlightStreamReader reader);

  /** {@code new FlightStreamWriter(core)}: the public facade over a write path. */
  public abstract FlightStreamWriter newWriter(FlightDataWriter core);

  /** Starts {@code core}'s stream with the schema of {@code table} as received, unless it has begun. */
  public abstract void beginChunked(FlightDataWriter core, ChunkedTable table);

  /** The write path {@code writer} is the facade of. */
  public abstract FlightDataWriter core(FlightStreamWriter writer);

  // ------------------------------------------------------------------ value types without copies

  /** {@code FlightInfo.owning(...)}: takes ownership of both arrays (not null). */
  public abstract dev.flightwire.FlightInfo flightInfoOwning(byte[] schemaBytes, dev.flightwire.FlightDescriptor descriptor,
      java.util.List<dev.flightwire.FlightEndpoint> endpoints, long totalRecords, long totalBytes, boolean ordered,
      byte[] appMetadata);

  /** The schema bytes of {@code info} themselves (read only). */
  public abstract byte[] schemaBytesView(dev.flightwire.FlightInfo info);

  /** The app metadata of {@code info} itself (read only). */
  public abstract byte[] appMetadataView(dev.flightwire.FlightInfo info);
}
