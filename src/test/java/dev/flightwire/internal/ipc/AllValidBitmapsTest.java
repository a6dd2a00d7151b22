package dev.flightwire.internal.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flatbuf.RecordBatch;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ViewVarCharVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.complex.UnionVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.holders.NullableIntHolder;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.UnionMode;
import org.apache.arrow.vector.types.Types.MinorType;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * Record batches leave out the validity bitmap of every node without nulls (a zero-length buffer,
 * as Arrow C++ writes), keep it for nodes with nulls, and read back value for value; compressed
 * bodies keep every bitmap.
 */
class AllValidBitmapsTest {
  private static final ByteBufAllocator NETTY = PooledByteBufAllocator.DEFAULT;

  private static Schema schema() {
    Field child = Field.nullable("v", new ArrowType.Int(32, true));
    return new Schema(List.of(
        Field.notNullable("dense", new ArrowType.Int(64, true)),
        Field.nullable("holes", new ArrowType.Int(64, true)),
        new Field("s", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(child)),
        new Field("l", FieldType.nullable(ArrowType.List.INSTANCE),
            List.of(Field.nullable("item", new ArrowType.Int(32, true)))),
        Field.nullable("view", ArrowType.Utf8View.INSTANCE),
        new Field("u", FieldType.nullable(new ArrowType.Union(UnionMode.Sparse, new int[] {MinorType.INT.ordinal()})),
            List.of(Field.nullable("int", new ArrowType.Int(32, true))))));
  }

  /** 100 rows: "holes" and the struct's child have nulls, nothing else does. */
  private static VectorSchemaRoot fill(VectorSchemaRoot root) {
    int n = 100;
    BigIntVector dense = (BigIntVector) root.getVector("dense");
    BigIntVector holes = (BigIntVector) root.getVector("holes");
    StructVector s = (StructVector) root.getVector("s");
    IntVector v = s.addOrGet("v", FieldType.nullable(new ArrowType.Int(32, true)), IntVector.class);
    ListVector l = (ListVector) root.getVector("l");
    ViewVarCharVector view = (ViewVarCharVector) root.getVector("view");
    UnionVector u = (UnionVector) root.getVector("u");
    dense.allocateNew(n);
    holes.allocateNew(n);
    s.allocateNew();
    view.allocateNew();
    u.allocateNew();
    UnionListWriter lw = l.getWriter();
    NullableIntHolder h = new NullableIntHolder();
    h.isSet = 1;
    for (int i = 0; i < n; i++) {
      dense.set(i, i * 7L);
      if (i % 3 == 0) {
        holes.setNull(i);
      } else {
        holes.set(i, -i);
      }
      s.setIndexDefined(i);
      if (i % 4 == 0) {
        v.setNull(i);
      } else {
        v.setSafe(i, i);
      }
      lw.setPosition(i);
      lw.startList();
      lw.integer().writeInt(i);
      lw.integer().writeInt(i + 1);
      lw.endList();
      view.setSafe(i, ("a value long enough to live outside the view " + i).getBytes(StandardCharsets.UTF_8));
      h.value = i * 2;
      u.setType(i, MinorType.INT);
      u.setSafe(i, h);
    }
    v.setValueCount(n);
    s.setValueCount(n);
    l.setValueCount(n);
    u.setValueCount(n);
    root.setRowCount(n);
    return root;
  }

  @Test
  void nullFreeNodesSendNoBitmapAndReadBackEqual() {
    try (BufferAllocator alloc = new RootAllocator();
        VectorSchemaRoot root = fill(VectorSchemaRoot.create(schema(), alloc))) {
      IpcStreamWriter w = new IpcStreamWriter(new FlightDataEncoder(NETTY, IpcOption.DEFAULT)).omitAllValidBitmaps(true);
      List<ByteBuf> schemaMessages = w.begin(root.getSchema(), null, null);
      ByteBuf batch = w.batch(root, null, null);
      long sentWithoutBitmaps = batch.readableBytes();
      List<long[]> buffers = new ArrayList<>();
      List<Long> nullCounts = new ArrayList<>();
      try (IpcStreamReader r = new IpcStreamReader(alloc)) {
        for (ByteBuf m : schemaMessages) {
          r.apply(FlightDataDecoder.decode(m.skipBytes(5), alloc));
        }
        FlightDataMessage m = FlightDataDecoder.decode(batch.skipBytes(5), alloc);
        RecordBatch rb = (RecordBatch) m.header().header(new RecordBatch());
        for (int i = 0; i < rb.buffersLength(); i++) {
          buffers.add(new long[] {rb.buffers(i).offset(), rb.buffers(i).length()});
        }
        for (int i = 0; i < rb.nodesLength(); i++) {
          nullCounts.add(rb.nodes(i).nullCount());
        }
        r.apply(m);
        assertEquals(root.contentToTSVString(), r.root().contentToTSVString());
      }
      // nodes: dense, holes, s, s.v, l, l.item, view, u, u.int
      assertEquals(List.of(0L, 34L, 0L, 25L, 0L, 0L, 0L, 0L, 0L), nullCounts);
      // buffers: dense(2) holes(2) s(1) s.v(2) l(2) l.item(2) view(2 + 1 variadic) u(1 types) u.int(2)
      int[] validity = {0, 2, 4, 5, 7, 9, 11, 15};
      boolean[] kept = {false, true, false, true, false, false, false, false};
      for (int k = 0; k < validity.length; k++) {
        assertEquals(kept[k], buffers.get(validity[k])[1] > 0,
            "validity buffer " + validity[k] + " sent: " + kept[k]);
      }
      assertEquals(17, buffers.size());
      // with compression every bitmap is kept
      w.compression(IpcStreamWriter.codec(CompressionUtil.CodecType.ZSTD));
      // the decoder takes over the message; closing it releases everything
      try (FlightDataMessage m = FlightDataDecoder.decode(w.batch(root, null, null).skipBytes(5), alloc)) {
        RecordBatch rb = (RecordBatch) m.header().header(new RecordBatch());
        assertTrue(rb.buffers(0).length() > 0, "a compressed body keeps its bitmaps");
      }
      assertTrue(sentWithoutBitmaps > 0);
    }
  }
}
