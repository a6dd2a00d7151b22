package dev.flightwire.internal.server;

import com.google.protobuf.MessageLite;
import dev.flightwire.Action;
import dev.flightwire.ActionType;
import dev.flightwire.CallHeaders;
import dev.flightwire.Criteria;
import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInternalError;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightStreamChunk;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.FlightStreamWriter;
import dev.flightwire.FlightUnimplementedError;
import dev.flightwire.IpcCompression;
import dev.flightwire.RecordBatchStream;
import dev.flightwire.Result;
import dev.flightwire.ServerCallContext;
import dev.flightwire.Ticket;
import dev.flightwire.auth.AuthReader;
import dev.flightwire.auth.ServerAuthHandler;
import dev.flightwire.internal.Access;
import dev.flightwire.internal.call.MessageStream;
import dev.flightwire.internal.flight.FlightDataReader;
import dev.flightwire.internal.flight.FlightDataWriter;
import dev.flightwire.internal.call.ServerStream;
import dev.flightwire.internal.convert.Protos;
import dev.flightwire.internal.convert.WellKnownActions;
import dev.flightwire.internal.grpc.GrpcFraming;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;
import dev.flightwire.internal.ipc.FlightDataEncoder;
import dev.flightwire.internal.ipc.IpcStreamWriter;
import dev.flightwire.internal.proto.HandshakeRequest;
import dev.flightwire.internal.proto.HandshakeResponse;
import dev.flightwire.middleware.FlightMethod;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.Executor;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.ipc.message.IpcOption;

/**
 * Runs one call's Flight method on the executor thread {@link ServerDispatcher} chose: reads the
 * request message(s), calls the {@link FlightServerBase} handler, and sends its response
 * messages. What the handler throws goes back to the dispatcher, which ends the call with it.
 */
final class ServerMethods {
  private static final Access ACCESS = Access.get();

  private final FlightServerBase service;
  private final Executor executor;
  private final BufferAllocator allocator;
  private final ServerAuthHandler authHandler;
  /** Whether a Handshake is authenticated by its headers instead of the handshake handler. */
  private final java.util.function.Predicate<CallHeaders> headerHandshake;
  /** The service overrides {@link FlightServerBase#doGetAsync}: DoGet calls go there. */
  private final boolean asyncDoGet;
  /** Compression of the bodies this server writes (DoGet, DoExchange). */
  volatile IpcCompression writeCompression = IpcCompression.NONE;
  /** Batches above this many bytes are sent as row slices (0: never). */
  volatile long maxOutboundMessageSize;

  ServerMethods(FlightServerBase service, Executor executor, BufferAllocator allocator, ServerAuthHandler authHandler,
      java.util.function.Predicate<CallHeaders> headerHandshake) {
    this.service = service;
    this.executor = executor;
    this.allocator = allocator;
    this.authHandler = authHandler;
    this.headerHandshake = headerHandshake;
    this.asyncDoGet = overridesDoGetAsync(service);
  }

  /**
   * Runs the handler of {@code method}. Returns null when the call is done (the handler returned),
   * or the stage of an asynchronous handler whose completion ends the call.
   */
  java.util.concurrent.CompletionStage<?> dispatch(ServerStream stream, FlightMethod method,
      ServerCallContext context) throws Exception {
    switch (method) {
      case HANDSHAKE:
        handshake(stream);
        return null;
      case LIST_FLIGHTS: {
        Criteria criteria = new Criteria(
            readRequest(stream, dev.flightwire.internal.proto.Criteria.parser()).getExpression().toByteArray());
        for (FlightInfo info : service.listFlights(context, criteria)) {
          send(stream, Protos.toProto(info));
          if (stream.isCancelled()) {
            return null;
          }
        }
        return null;
      }
      case GET_FLIGHT_INFO: {
        FlightDescriptor d = Protos.fromProto(readRequest(stream, dev.flightwire.internal.proto.FlightDescriptor.parser()));
        return unary(stream, service.getFlightInfoAsync(context, d), Protos::toProto);
      }
      case POLL_FLIGHT_INFO: {
        FlightDescriptor d = Protos.fromProto(readRequest(stream, dev.flightwire.internal.proto.FlightDescriptor.parser()));
        return unary(stream, service.pollFlightInfoAsync(context, d), Protos::toProto);
      }
      case GET_SCHEMA: {
        FlightDescriptor d = Protos.fromProto(readRequest(stream, dev.flightwire.internal.proto.FlightDescriptor.parser()));
        return unary(stream, service.getSchemaAsync(context, d), r -> dev.flightwire.internal.proto.SchemaResult
            .newBuilder().setSchema(com.google.protobuf.ByteString.copyFrom(
                dev.flightwire.internal.ipc.IpcSchema.serialize(r.schema()))).build());
      }
      case DO_GET:
        if (asyncDoGet) {
          return doGetAsync(stream, context);
        }
        doGet(stream, context);
        return null;
      case DO_PUT:
        doPut(stream, context);
        return null;
      case DO_EXCHANGE:
        doExchange(stream, context);
        return null;
      case LIST_ACTIONS:
        readRequest(stream, dev.flightwire.internal.proto.Empty.parser());
        for (ActionType t : service.listActions(context)) {
          send(stream, dev.flightwire.internal.proto.ActionType.newBuilder().setType(t.type())
              .setDescription(t.description()).build());
        }
        return null;
      case DO_ACTION: {
        dev.flightwire.internal.proto.Action a = readRequest(stream, dev.flightwire.internal.proto.Action.parser());
        Action action = new Action(a.getType(), a.getBody().toByteArray());
        Iterable<Result> results = WellKnownActions.isWellKnown(action.type())
            ? java.util.List.of(new Result(WellKnownActions.serve(service, context, action)))
            : service.doAction(context, action);
        if (results != null) {
          for (Result r : results) {
            send(stream, dev.flightwire.internal.proto.Result.newBuilder()
                .setBody(com.google.protobuf.ByteString.copyFrom(r.body())).build());
            if (stream.isCancelled()) {
              return null;
            }
          }
        }
        return null;
      }
      default:
        throw new FlightUnimplementedError("method " + method + " is not implemented");
    }
  }

  /**
   * The response of a unary handler: sent when its stage completes (on the completing thread;
   * sending only queues the message). A stage already complete is answered here, as a blocking
   * handler's value is; the returned stage then is null.
   */
  private static <T> java.util.concurrent.CompletionStage<?> unary(ServerStream stream,
      java.util.concurrent.CompletionStage<T> stage, java.util.function.Function<T, MessageLite> toProto) {
    if (stage == null) {
      throw new FlightInternalError("the handler returned no CompletionStage");
    }
    java.util.concurrent.CompletableFuture<T> f = stage.toCompletableFuture();
    if (f.isDone() && !f.isCompletedExceptionally()) {
      send(stream, toProto.apply(value(f.join())));
      return null;
    }
    return f.thenAccept(v -> {
      if (!stream.isCancelled()) {
        send(stream, toProto.apply(value(v)));
      }
    });
  }

  private static <T> T value(T v) {
    if (v == null) {
      throw new FlightInternalError("the handler's stage completed with null");
    }
    return v;
  }

  /** DoGet by {@link FlightServerBase#doGetAsync}: the handler writes through a writer that never blocks. */
  private java.util.concurrent.CompletionStage<?> doGetAsync(ServerStream stream, ServerCallContext context) {
    Ticket ticket = Protos.fromProto(readRequest(stream, dev.flightwire.internal.proto.Ticket.parser()));
    FlightStreamWriter writer = newWriter(stream, null);
    ACCESS.core(writer).nonBlocking();
    java.util.concurrent.CompletionStage<Void> stage = service.doGetAsync(context, ticket, writer);
    if (stage == null) {
      throw new FlightInternalError("doGetAsync returned no CompletionStage");
    }
    return stage.thenRun(() -> {
      if (!ACCESS.core(writer).started() && !stream.isCancelled()) {
        // every DoGet response starts with its schema; a client would see a stream without one
        throw new FlightInternalError("doGetAsync completed without sending the stream's schema: call"
            + " writer.begin(schema) (or write a batch) before completing");
      }
    }).whenComplete((v, e) -> writer.onReady(null));
  }

  private void doGet(ServerStream stream, ServerCallContext context) throws Exception {
    Ticket ticket = Protos.fromProto(readRequest(stream, dev.flightwire.internal.proto.Ticket.parser()));
    FlightDataStream data = service.doGet(context, ticket);
    if (data == null) {
      throw new FlightInternalError("doGet returned no stream");
    }
    try {
      FlightStreamWriter writer = newWriter(stream, data.schema());
      FlightDataWriter core = ACCESS.core(writer);
      if (data instanceof RecordBatchStream r && ACCESS.chunked(r) != null) {
        ACCESS.beginChunked(core, ACCESS.chunked(r));
      } else {
        writer.begin(data.schema(), data.dictionaries());
      }
      boolean immutable = data.immutableData();
      FlightStreamChunk chunk;
      while ((chunk = data.next()) != null) {
        try {
          core.writeDictionaries(ACCESS.dictionariesBefore(chunk));
          if (chunk.data() != null) {
            core.write(chunk.data(), chunk.appMetadata(), null, !immutable);
          } else if (chunk.appMetadata() != null) {
            writer.writeMetadata(chunk.appMetadata());
          }
        } finally {
          chunk.close(); // the root, if the chunk owns it
        }
        if (context.isCancelled()) {
          return;
        }
      }
    } finally {
      data.close();
    }
  }

  private void doPut(ServerStream stream, ServerCallContext context) {
    try (FlightStreamReader reader = newReader(stream)) {
      FlightDescriptor descriptor = reader.descriptor();
      if (descriptor == null) {
        throw new FlightInvalidArgumentError("DoPut: the first message must carry the FlightDescriptor");
      }
      service.doPut(context, descriptor, reader, ACCESS.newMetadataWriter(stream));
    }
  }

  private void doExchange(ServerStream stream, ServerCallContext context) {
    try (FlightStreamReader reader = newReader(stream)) {
      FlightDescriptor descriptor = reader.descriptor();
      FlightStreamWriter writer = newWriter(stream, null);
      service.doExchange(context, descriptor == null ? FlightDescriptor.unknown() : descriptor, reader, writer);
    }
  }

  private void handshake(ServerStream stream) {
    AuthReader in = () -> {
      ByteBuf m = stream.readMessage();
      if (m == null) {
        return null;
      }
      try {
        return HandshakeRequest.parseFrom(m.nioBuffer()).getPayload().toByteArray();
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw GrpcStatusException.of(GrpcStatusCode.INTERNAL, "malformed HandshakeRequest: " + e.getMessage());
      } finally {
        m.release();
      }
    };
    if (authHandler == null || headerHandshake.test(stream.requestMetadata())) {
      while (in.read() != null) {
        // no handshake handler, or authenticated by headers: accept the handshake and answer nothing
      }
      return;
    }
    authHandler.authenticate(payload -> send(stream, HandshakeResponse.newBuilder()
        .setPayload(com.google.protobuf.ByteString.copyFrom(payload)).build()), in);
  }

  private FlightStreamReader newReader(ServerStream stream) {
    return ACCESS.newReader(new FlightDataReader(stream, allocator, st -> { }, MessageStream::failLocally));
  }

  private FlightStreamWriter newWriter(ServerStream stream, org.apache.arrow.vector.types.pojo.Schema schema) {
    IpcStreamWriter ipc = new IpcStreamWriter(new FlightDataEncoder(stream.connection().alloc(), IpcOption.DEFAULT))
        .omitAllValidBitmaps(stream.connection().sendsBytes())
        .compression(IpcStreamWriter.codec(ACCESS.codecType(writeCompression)));
    return ACCESS.newWriter(new FlightDataWriter(stream, ipc, schema, null, () -> { }, stream::cancelByServer, false, 0,
        maxOutboundMessageSize, executor));
  }

  /**
   * The one request message of a unary or server-streaming call, once the client has half-closed.
   * Any other number of messages is a cardinality violation: UNIMPLEMENTED (gRPC statuscodes.md).
   */
  private static <T> T readRequest(ServerStream stream, com.google.protobuf.Parser<T> parser) {
    ByteBuf m = stream.readMessage();
    if (m == null) {
      throw GrpcStatusException.of(GrpcStatusCode.UNIMPLEMENTED, "the request message is missing");
    }
    T request;
    try {
      request = parser.parseFrom(m.nioBuffer());
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw GrpcStatusException.of(GrpcStatusCode.INTERNAL, "could not parse the request message: " + e.getMessage());
    } finally {
      m.release();
    }
    ByteBuf extra = stream.readMessage();
    if (extra != null) {
      extra.release();
      throw GrpcStatusException.of(GrpcStatusCode.UNIMPLEMENTED,
          "expected one request message, got more: this method takes exactly one");
    }
    return request;
  }

  private static void send(ServerStream stream, MessageLite message) {
    int size = message.getSerializedSize();
    ByteBuf m = stream.connection().alloc().buffer(5 + size);
    try {
      GrpcFraming.writePrefix(m, size);
      // serialized straight into the network buffer (no intermediate byte[])
      com.google.protobuf.CodedOutputStream out =
          com.google.protobuf.CodedOutputStream.newInstance(m.nioBuffer(m.writerIndex(), size));
      message.writeTo(out);
      out.checkNoSpaceLeft();
      m.writerIndex(m.writerIndex() + size);
    } catch (java.io.IOException | RuntimeException e) {
      m.release();
      throw new IllegalStateException("encoding a response message failed", e);
    }
    stream.writeMessage(m, false, false);
  }

  /** Whether {@code service} overrides {@code doGetAsync}: the server then calls it instead of {@code doGet}. */
  /** Whether DoGet calls go to {@code doGetAsync}. */
  boolean asyncDoGet() {
    return asyncDoGet;
  }

  static boolean overridesDoGetAsync(FlightServerBase service) {
    try {
      return service.getClass().getMethod("doGetAsync", ServerCallContext.class, Ticket.class,
          FlightStreamWriter.class).getDeclaringClass() != FlightServerBase.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
