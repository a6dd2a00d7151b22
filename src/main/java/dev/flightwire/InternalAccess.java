package dev.flightwire;

import dev.flightwire.internal.Access;
import dev.flightwire.internal.call.CallStream;
import dev.flightwire.internal.call.ServerStream;
import dev.flightwire.internal.grpc.GrpcStatus;
import dev.flightwire.internal.ipc.DictionaryUpdate;
import dev.flightwire.internal.ipc.IpcStreamWriter;
import dev.flightwire.middleware.FlightMethod;
import dev.flightwire.middleware.ServerMiddleware;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;

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
  public FlightStreamReader newReader(CallStream stream, BufferAllocator allocator,
      Consumer<CallStream> onEarlyClose, BiConsumer<CallStream, GrpcStatus> onBadInput) {
    return new FlightStreamReader(stream, allocator, onEarlyClose, onBadInput);
  }

  @Override
  public FlightStreamWriter newWriter(CallStream stream, IpcStreamWriter ipc, Schema declaredSchema,
      byte[] descriptor, Runnable onDone, Consumer<GrpcStatus> onCancel, boolean closeCancels, long writeSizeLimit,
      long maxMessageBytes, Executor callbacks) {
    return new FlightStreamWriter(stream, ipc, declaredSchema, descriptor, onDone, onCancel, closeCancels,
        writeSizeLimit, maxMessageBytes, callbacks);
  }

  @Override
  public boolean started(FlightStreamWriter writer) {
    return writer.started();
  }

  @Override
  public void nonBlocking(FlightStreamWriter writer) {
    writer.nonBlocking();
  }

  @Override
  public void beginChunked(FlightStreamWriter writer, ChunkedTable table) {
    writer.beginChunked(table);
  }

  @Override
  public void writeDictionaries(FlightStreamWriter writer, List<DictionaryUpdate> updates) {
    writer.writeDictionaries(updates);
  }

  @Override
  public void write(FlightStreamWriter writer, VectorSchemaRoot batch, byte[] appMetadata,
      DictionaryProvider dictionaries, boolean awaitWritten) {
    writer.write(batch, appMetadata, dictionaries, awaitWritten);
  }
}
