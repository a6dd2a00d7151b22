package dev.flightwire;

import dev.flightwire.internal.Access;
import dev.flightwire.internal.flight.FlightDataReader;
import dev.flightwire.internal.flight.FlightDataWriter;
import dev.flightwire.internal.call.ServerStream;
import dev.flightwire.internal.ipc.DictionaryUpdate;
import dev.flightwire.middleware.FlightMethod;
import dev.flightwire.middleware.ServerMiddleware;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.apache.arrow.vector.compression.CompressionUtil;

/** Implements {@link Access} by calling the package-private members it names. Registered by {@link Location}. */
final class InternalAccess extends Access {
  @Override
  public ServerCallContext newCallContext(ServerStream stream, FlightMethod method, String peerIdentity,
      Executor executor, Map<String, ServerMiddleware> middleware) {
    return new ServerCallContext(stream, method, peerIdentity, executor, middleware);
  }

  @Override
  public FlightMetadataWriter newMetadataWriter(ServerStream stream) {
    return new FlightMetadataWriter(stream);
  }

  @Override
  public ChunkedTable chunked(RecordBatchStream stream) {
    return stream.chunked();
  }

  @Override
  public List<DictionaryUpdate> dictionariesBefore(FlightStreamChunk chunk) {
    return chunk.dictionariesBefore();
  }

  @Override
  public CompressionUtil.CodecType codecType(IpcCompression compression) {
    return compression.codecType();
  }

  @Override
  public FlightStreamReader newReader(FlightDataReader core) {
    return new FlightStreamReader(core);
  }

  @Override
  public FlightDataReader core(FlightStreamReader reader) {
    return reader.core();
  }

  @Override
  public FlightStreamWriter newWriter(FlightDataWriter core) {
    return new FlightStreamWriter(core);
  }

  @Override
  public void beginChunked(FlightDataWriter core, ChunkedTable table) {
    core.beginChunked(table.wireSchema(), table.schema());
  }

  @Override
  public FlightDataWriter core(FlightStreamWriter writer) {
    return writer.core();
  }

  @Override
  public FlightInfo flightInfoOwning(byte[] schemaBytes, FlightDescriptor descriptor, List<FlightEndpoint> endpoints,
      long totalRecords, long totalBytes, boolean ordered, byte[] appMetadata) {
    return FlightInfo.owning(schemaBytes, descriptor, endpoints, totalRecords, totalBytes, ordered, appMetadata);
  }

  @Override
  public byte[] schemaBytesView(FlightInfo info) {
    return info.schemaBytesView();
  }

  @Override
  public byte[] appMetadataView(FlightInfo info) {
    return info.appMetadataView();
  }
}
