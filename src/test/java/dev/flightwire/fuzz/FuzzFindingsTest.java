package dev.flightwire.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.flatbuffers.FlatBufferBuilder;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInternalError;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightServerBase;
import dev.flightwire.ProtoAccess;
import dev.flightwire.SchemaResult;
import dev.flightwire.internal.grpc.GrpcDeframer;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;
import dev.flightwire.internal.ipc.FlightDataDecoder;
import dev.flightwire.internal.ipc.IpcStreamReader;
import dev.flightwire.internal.proto.FlightData;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flatbuf.FieldNode;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.MetadataVersion;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One test per fuzzing finding (RELIABILITY.md, "Fuzzing"), written out by hand so that it stays
 * meaningful when the fuzz targets change the way they read their input. The crashing inputs
 * themselves are kept as regression inputs under src/test/resources/dev/flightwire/fuzz.
 */
class FuzzFindingsTest {
  /** Finding 1: a 5-byte prefix claiming 2 GiB made the deframer reserve 2 GiB of direct memory. */
  @Test
  void deframerReservesOnlyWhatArrived() {
    TrackingByteBufAllocator alloc = new TrackingByteBufAllocator();
    int[] messages = {0};
    GrpcDeframer d = new GrpcDeframer(alloc, Integer.MAX_VALUE, (m, wire) -> {
      messages[0]++;
      m.release();
    });
    ByteBuf in = Unpooled.wrappedBuffer(new byte[] {0, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 2, 3});
    d.receive(in);
    in.release();
    assertTrue(alloc.largestRequest() <= 64 * 1024, "reserved " + alloc.largestRequest() + " bytes");
    // a message gathered over many chunks still arrives whole
    GrpcDeframer whole = new GrpcDeframer(alloc, Integer.MAX_VALUE, (m, wire) -> {
      assertEquals(300_000, m.readableBytes());
      for (int i = 0; i < 300_000; i++) {
        assertEquals((byte) i, m.getByte(m.readerIndex() + i));
      }
      messages[0]++;
      m.release();
    });
    ByteBuf prefix = Unpooled.wrappedBuffer(new byte[] {0, 0, 4, (byte) 0x93, (byte) 0xE0});
    whole.receive(prefix);
    prefix.release();
    for (int off = 0; off < 300_000; off += 1000) {
      ByteBuf chunk = Unpooled.directBuffer(1000);
      for (int i = off; i < off + 1000; i++) {
        chunk.writeByte(i);
      }
      whole.receive(chunk);
      chunk.release();
    }
    assertEquals(1, messages[0]);
    d.close();
    whole.close();
    alloc.assertAllReleased("deframer");
  }

  /** Finding 2: a negative 10-byte length varint in FlightData threw IndexOutOfBoundsException. */
  @Test
  void negativeFieldLengthIsMalformedFlightData() {
    byte[] bytes = {(byte) 0xC2, 0x3E, // field 1000 (data_body), length-delimited
        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
        (byte) 0xFF, 0x01, // length -1
        1, 2, 3, 4};
    BufferAllocator allocator = Fuzzing.allocator();
    ByteBuf buf = Fuzzing.networkBuffer(bytes, true);
    GrpcStatusException e = assertThrows(GrpcStatusException.class, () -> FlightDataDecoder.decode(buf, allocator));
    assertEquals(GrpcStatusCode.INTERNAL, e.status().code());
    Fuzzing.assertReleased(buf, "the message");
    Fuzzing.closeChecked(allocator);
  }

  /**
   * Finding 3: a record batch whose header Arrow refuses (a node length beyond INT_MAX) kept a
   * reference to its body, leaking it from the allocator.
   */
  @Test
  void refusedBatchHeaderReleasesTheBody() {
    FlatBufferBuilder b = new FlatBufferBuilder();
    RecordBatch.startNodesVector(b, 1);
    FieldNode.createFieldNode(b, 1L << 33, 0);
    int nodes = b.endVector();
    RecordBatch.startBuffersVector(b, 0);
    int buffers = b.endVector();
    RecordBatch.startRecordBatch(b);
    RecordBatch.addLength(b, 1);
    RecordBatch.addNodes(b, nodes);
    RecordBatch.addBuffers(b, buffers);
    int batch = RecordBatch.endRecordBatch(b);
    b.finish(Message.createMessage(b, MetadataVersion.V5, MessageHeader.RecordBatch, batch, 1024, 0));
    byte[] message = FlightData.newBuilder().setDataHeader(ByteString.copyFrom(b.sizedByteArray()))
        .setDataBody(ByteString.copyFrom(new byte[1024])).build().toByteArray();

    BufferAllocator allocator = Fuzzing.allocator();
    ByteBuf schema = Fuzzing.networkBuffer(IpcFixtures.schemaMessage(), true);
    ByteBuf buf = Fuzzing.networkBuffer(message, true);
    try (IpcStreamReader reader = new IpcStreamReader(allocator)) {
      reader.apply(FlightDataDecoder.decode(schema, allocator));
      GrpcStatusException e = assertThrows(GrpcStatusException.class,
          () -> reader.apply(FlightDataDecoder.decode(buf, allocator)));
      assertEquals(GrpcStatusCode.INVALID_ARGUMENT, e.status().code());
    }
    Fuzzing.assertReleased(buf, "the batch message");
    Fuzzing.closeChecked(allocator);
  }

  /** A valid stream with its record batch header rebuilt by {@code edit}. */
  private static List<byte[]> withBatchHeader(java.util.function.Consumer<RecordBatchEdit> edit) throws Exception {
    List<byte[]> stream = IpcFixtures.stream(CompressionUtil.CodecType.NO_COMPRESSION, 3, 42);
    FlightData original = FlightData.parseFrom(stream.get(2));
    Message m = Message.getRootAsMessage(original.getDataHeader().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
    RecordBatch rb = (RecordBatch) m.header(new RecordBatch());
    RecordBatchEdit e = new RecordBatchEdit(rb);
    edit.accept(e);
    FlatBufferBuilder b = new FlatBufferBuilder();
    RecordBatch.startNodesVector(b, e.nodeLength.length);
    for (int i = e.nodeLength.length - 1; i >= 0; i--) {
      FieldNode.createFieldNode(b, e.nodeLength[i], e.nullCount[i]);
    }
    int nodes = b.endVector();
    RecordBatch.startBuffersVector(b, e.offset.length);
    for (int i = e.offset.length - 1; i >= 0; i--) {
      org.apache.arrow.flatbuf.Buffer.createBuffer(b, e.offset[i], e.length[i]);
    }
    int buffers = b.endVector();
    int variadic = RecordBatch.createVariadicBufferCountsVector(b, e.variadic);
    RecordBatch.startRecordBatch(b);
    RecordBatch.addLength(b, e.rows);
    RecordBatch.addNodes(b, nodes);
    RecordBatch.addBuffers(b, buffers);
    RecordBatch.addVariadicBufferCounts(b, variadic);
    int batch = RecordBatch.endRecordBatch(b);
    b.finish(Message.createMessage(b, MetadataVersion.V5, MessageHeader.RecordBatch, batch, m.bodyLength(), 0));
    byte[] body = original.getDataBody().toByteArray();
    if (e.body != null) {
      e.body.accept(body);
    }
    stream.set(2, original.toBuilder().setDataHeader(ByteString.copyFrom(b.sizedByteArray()))
        .setDataBody(ByteString.copyFrom(body)).build().toByteArray());
    return stream;
  }

  /** The fields of a RecordBatch header, to change before it is rebuilt. */
  private static final class RecordBatchEdit {
    long rows;
    final long[] nodeLength;
    final long[] nullCount;
    final long[] offset;
    final long[] length;
    final long[] variadic;
    java.util.function.Consumer<byte[]> body;

    RecordBatchEdit(RecordBatch rb) {
      rows = rb.length();
      nodeLength = new long[rb.nodesLength()];
      nullCount = new long[rb.nodesLength()];
      for (int i = 0; i < nodeLength.length; i++) {
        nodeLength[i] = rb.nodes(i).length();
        nullCount[i] = rb.nodes(i).nullCount();
      }
      offset = new long[rb.buffersLength()];
      length = new long[rb.buffersLength()];
      for (int i = 0; i < offset.length; i++) {
        offset[i] = rb.buffers(i).offset();
        length[i] = rb.buffers(i).length();
      }
      variadic = new long[rb.variadicBufferCountsLength()];
      for (int i = 0; i < variadic.length; i++) {
        variadic[i] = rb.variadicBufferCounts(i);
      }
    }
  }

  /** Applies a whole stream; returns the failure, or null when every message was accepted. */
  private static GrpcStatusException apply(List<byte[]> stream) {
    BufferAllocator allocator = Fuzzing.allocator();
    GrpcStatusException failure = null;
    List<ByteBuf> network = new ArrayList<>();
    try (IpcStreamReader reader = new IpcStreamReader(allocator)) {
      for (byte[] m : stream) {
        ByteBuf buf = Fuzzing.networkBuffer(m, true);
        network.add(buf);
        IpcStreamReader.Kind kind = reader.apply(FlightDataDecoder.decode(buf, allocator));
        if (kind == IpcStreamReader.Kind.BATCH) {
          IpcFixtures.readAll(reader.root().getFieldVectors());
        }
      }
    } catch (GrpcStatusException e) {
      failure = e;
    }
    network.forEach(b -> Fuzzing.assertReleased(b, "a message"));
    Fuzzing.closeChecked(allocator);
    return failure;
  }

  @Test
  void theFixtureStreamIsAccepted() throws Exception {
    assertNull(apply(withBatchHeader(e -> { })));
    for (CompressionUtil.CodecType codec : CompressionUtil.CodecType.values()) {
      if (codec != CompressionUtil.CodecType.NO_COMPRESSION && codec != CompressionUtil.CodecType.LZ4_FRAME
          && codec != CompressionUtil.CodecType.ZSTD) {
        continue;
      }
      assertNull(apply(IpcFixtures.stream(codec, 50, 7)), codec.name());
    }
  }

  /**
   * Finding 4: a batch whose utf8 offsets point outside its data was accepted; reading it threw
   * IndexOutOfBoundsException in the application (or, with Arrow's unsafe memory access, read
   * outside the buffer).
   */
  @Test
  void batchWithOffsetsOutsideTheDataIsRefused() throws Exception {
    // buffers: i (validity, values), s (validity, offsets, data), ...: overwrite s's offsets
    GrpcStatusException e = apply(withBatchHeader(edit -> edit.body = body -> {
      int offsets = (int) edit.offset[3];
      for (int i = 0; i < 16; i++) {
        body[offsets + i] = (byte) 0x7F;
      }
    }));
    assertEquals(GrpcStatusCode.INVALID_ARGUMENT, e.status().code(), String.valueOf(e));
  }

  /** Finding 4 for views: a utf8_view naming a data buffer that does not exist is refused too. */
  @Test
  void viewNamingAMissingDataBufferIsRefused() throws Exception {
    GrpcStatusException e = apply(withBatchHeader(edit -> edit.variadic[0] = 0));
    assertEquals(GrpcStatusCode.INVALID_ARGUMENT, e.status().code(), String.valueOf(e));
  }

  /**
   * Finding 5: a dictionary batch with a buffer of negative length made Arrow's ArrowRecordBatch
   * fail half-way, keeping references to the buffers before it.
   */
  @Test
  void negativeBufferLengthIsRefusedWithoutLeak() throws Exception {
    GrpcStatusException e = apply(withBatchHeader(edit -> edit.length[1] = -1));
    assertEquals(GrpcStatusCode.INVALID_ARGUMENT, e.status().code());
    assertTrue(e.getMessage().contains("outside"), e.getMessage());
  }

  /**
   * Finding 8: a batch claiming more rows than its buffers hold made VectorLoader grow the
   * vectors from them; the copy failed and the grown buffer leaked.
   */
  @Test
  void rowCountBeyondTheBuffersIsRefusedWithoutLeak() throws Exception {
    GrpcStatusException e = apply(withBatchHeader(edit -> edit.rows = 1000));
    assertEquals(GrpcStatusCode.INVALID_ARGUMENT, e.status().code());
  }

  /**
   * Finding 6: FlightInfo.schema() and SchemaResult.fromBytes threw the internal
   * GrpcStatusException; and a length prefix claiming 2 GiB made Arrow allocate it first.
   */
  @Test
  void badSchemaBytesFailAsFlightErrorsWithoutAllocatingTheClaim() {
    byte[] claims2GiB = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0, (byte) 0xFF, (byte) 0xFF, 0x7F, 1};
    FlightInfo info = new FlightInfo(claims2GiB, FlightDescriptor.forPath("x"), List.of(), -1, -1, false, null);
    FlightInternalError e = assertThrows(FlightInternalError.class, info::schema);
    assertTrue(e.getMessage().contains("claims"), e.getMessage());
    assertThrows(FlightInternalError.class, () -> SchemaResult.fromBytes(new byte[] {1, 2, 3}));
  }

  /**
   * Finding 7: protobuf-javalite's byte-array parser loops forever on a map entry holding an
   * unknown field with a negative length (SetSessionOptionsRequest here, 22 bytes).
   */
  @Test
  @Timeout(10)
  void sessionOptionsMapEntryWithNegativeLengthIsRefused() {
    byte[] body = {0x0A, 0x0A, 0x12, 0x00, 0x1A, (byte) 0xF9, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x2F,
        0x03, 0x12, 0x49, 0x1A, 0x04, 0x1A, (byte) 0xA1, 0x0A, 0x12, 0x24, 0x09};
    FlightServerBase service = new FlightServerBase() { };
    assertThrows(FlightInvalidArgumentError.class,
        () -> ProtoAccess.serveWellKnown(service, "SetSessionOptions", body));
    assertThrows(FlightInternalError.class, () -> ProtoAccess.getSessionResult(body));
    assertThrows(FlightInternalError.class, () -> ProtoAccess.setSessionResult(body));
  }

  /** Found with finding 6: a location that is not a URI or a timestamp out of range is malformed. */
  @Test
  void senselessEndpointsAreMalformedMessages() {
    byte[] badLocation = dev.flightwire.internal.proto.FlightInfo.newBuilder()
        .addEndpoint(dev.flightwire.internal.proto.FlightEndpoint.newBuilder()
            .addLocation(dev.flightwire.internal.proto.Location.newBuilder().setUri("grpc://[::1")))
        .build().toByteArray();
    assertThrows(InvalidProtocolBufferException.class, () -> ProtoAccess.flightInfo(badLocation));
    byte[] farFuture = dev.flightwire.internal.proto.FlightEndpoint.newBuilder()
        .setExpirationTime(com.google.protobuf.Timestamp.newBuilder().setSeconds(Long.MAX_VALUE)).build().toByteArray();
    assertThrows(FlightInternalError.class, () -> ProtoAccess.renewResult(farFuture));
  }

  /**
   * Finding 9: the 8-byte uncompressed length before an LZ4_FRAME buffer was allocated as a heap
   * array before decompressing (2 GiB claimed by a few bytes: OutOfMemoryError).
   */
  @Test
  void lz4LengthClaimBeyondTheFrameIsRefused() throws Exception {
    List<byte[]> stream = IpcFixtures.stream(CompressionUtil.CodecType.LZ4_FRAME, 3, 42);
    FlightData batch = FlightData.parseFrom(stream.get(2));
    byte[] body = batch.getDataBody().toByteArray();
    Message m = Message.getRootAsMessage(batch.getDataHeader().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
    RecordBatch rb = (RecordBatch) m.header(new RecordBatch());
    int at = (int) rb.buffers(1).offset(); // the int32 values, compressed: 8-byte length first
    assertTrue(rb.buffers(1).length() > 8);
    java.nio.ByteBuffer.wrap(body, at, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(Integer.MAX_VALUE - 16L);
    stream.set(2, batch.toBuilder().setDataBody(ByteString.copyFrom(body)).build().toByteArray());
    GrpcStatusException e = apply(stream);
    assertEquals(GrpcStatusCode.INVALID_ARGUMENT, e.status().code());
    assertTrue(e.getMessage().contains("LZ4"), e.getMessage());
  }
}
