package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flightwire.testing.LocalPair;
import dev.flightwire.testing.TestTransport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link RecordBatchStream#fromReader} over an IPC stream with a dictionary-encoded column: the
 * client decodes every batch with the dictionary the stream had when the batch was written,
 * including one that was replaced between batches; over every transport.
 */
@ParameterizedClass
@EnumSource(TestTransport.class)
class ReaderStreamTest {
  @Parameter
  TestTransport transport;

  private static final DictionaryEncoding ENCODING = new DictionaryEncoding(7, false, new ArrowType.Int(32, true));
  private static final Schema SCHEMA = new Schema(List.of(
      new Field("c", new FieldType(true, new ArrowType.Int(32, true), ENCODING), null)));

  @Test
  void dictionariesOfAStreamReachTheClient() throws Exception {
    byte[] ipc;
    try (BufferAllocator a = new RootAllocator()) {
      ipc = stream(a, List.of(List.of("a", "b"), List.of("a", "b"), List.of("x", "y", "z")),
          List.of(new int[] {0, 1, 1}, new int[] {1, 0}, new int[] {2, 0, 1}));
    }
    try (LocalPair pair = LocalPair.start(transport, a -> new FlightServerBase() {
      @Override
      public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
        try {
          return RecordBatchStream.fromReader(new ArrowStreamReader(new ByteArrayInputStream(ipc), a));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    })) {
      List<String> values = new ArrayList<>();
      try (FlightStreamReader r = pair.client().doGet(new Ticket(new byte[] {1}))) {
        while (r.next()) {
          values.addAll(decode(r.root(), r.dictionaries()));
        }
      }
      assertEquals(List.of("a", "b", "b", "b", "a", "z", "x", "y"), values);
    }
  }

  @Test
  void aDictionaryRefilledInPlaceIsSentAgain() throws Exception {
    try (LocalPair pair = LocalPair.start(transport, a -> new FlightServerBase() {
      @Override
      public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
        try {
          return RecordBatchStream.fromReader(new RefillingReader(a));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    })) {
      List<String> values = new ArrayList<>();
      try (FlightStreamReader r = pair.client().doGet(new Ticket(new byte[] {1}))) {
        while (r.next()) {
          values.addAll(decode(r.root(), r.dictionaries()));
        }
      }
      assertEquals(List.of("a", "b", "c", "d"), values);
    }
  }

  /**
   * Two batches of indices 0, 1; before the second, the reader refills its dictionary in place
   * (same buffers, same value count): a, b, then c, d.
   */
  private static final class RefillingReader extends org.apache.arrow.vector.ipc.ArrowReader {
    private int batches;

    RefillingReader(BufferAllocator allocator) {
      super(allocator);
    }

    @Override
    protected Schema readSchema() {
      return new Schema(List.of(new Field("c", new FieldType(true, ArrowType.Utf8.INSTANCE, ENCODING), null)));
    }

    @Override
    public boolean loadNextBatch() throws IOException {
      if (batches == 2) {
        return false;
      }
      VarCharVector dict = (VarCharVector) lookup(ENCODING.getId()).getVector();
      dict.reset();
      List<String> words = batches == 0 ? List.of("a", "b") : List.of("c", "d");
      for (int j = 0; j < words.size(); j++) {
        dict.setSafe(j, words.get(j).getBytes(StandardCharsets.UTF_8));
      }
      dict.setValueCount(words.size());
      VectorSchemaRoot root = getVectorSchemaRoot();
      IntVector c = (IntVector) root.getVector(0);
      c.setSafe(0, 0);
      c.setSafe(1, 1);
      root.setRowCount(2);
      batches++;
      return true;
    }

    @Override
    public long bytesRead() {
      return 0;
    }

    @Override
    protected void closeReadSource() {}
  }

  @Test
  void anEmptyStreamSendsItsSchema() throws Exception {
    byte[] ipc;
    try (BufferAllocator a = new RootAllocator()) {
      ipc = stream(a, List.of(), List.of());
    }
    try (LocalPair pair = LocalPair.start(transport, a -> new FlightServerBase() {
      @Override
      public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
        try {
          return RecordBatchStream.fromReader(new ArrowStreamReader(new ByteArrayInputStream(ipc), a));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    })) {
      try (FlightStreamReader r = pair.client().doGet(new Ticket(new byte[] {1}))) {
        assertEquals(false, r.next());
        assertEquals("c", r.schema().getFields().get(0).getName());
      }
    }
  }

  @Test
  void aStreamWithoutItsDictionariesFailsNamingTheField() throws Exception {
    try (LocalPair pair = LocalPair.start(transport, a -> new FlightServerBase() {
      @Override
      public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
        return new RecordBatchStream(SCHEMA, List.of(), null);
      }
    })) {
      FlightError e = org.junit.jupiter.api.Assertions.assertThrows(FlightError.class, () -> {
        try (FlightStreamReader r = pair.client().doGet(new Ticket(new byte[] {1}))) {
          r.next();
        }
      });
      org.junit.jupiter.api.Assertions.assertTrue(
          e.getMessage().contains("field \"c\" is dictionary-encoded (dictionary 7) but the stream provides no dictionaries"),
          e.getMessage());
    }
  }

  /** An IPC stream of one batch per entry, each written after its dictionary was (re)filled. */
  private static byte[] stream(BufferAllocator a, List<List<String>> dictionaries, List<int[]> batches)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (VarCharVector dict = new VarCharVector("dict", a);
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, a)) {
      dict.allocateNew();
      DictionaryProvider.MapDictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider();
      provider.put(new Dictionary(dict, ENCODING));
      try (ArrowStreamWriter w = new ArrowStreamWriter(root, provider, out)) {
        w.start();
        for (int i = 0; i < batches.size(); i++) {
          List<String> words = dictionaries.get(i);
          dict.reset();
          for (int j = 0; j < words.size(); j++) {
            dict.setSafe(j, words.get(j).getBytes(StandardCharsets.UTF_8));
          }
          dict.setValueCount(words.size());
          IntVector c = (IntVector) root.getVector(0);
          int[] idx = batches.get(i);
          c.allocateNew(idx.length);
          for (int j = 0; j < idx.length; j++) {
            c.set(j, idx[j]);
          }
          root.setRowCount(idx.length);
          w.writeBatch();
        }
        w.end();
      }
    }
    return out.toByteArray();
  }

  private static List<String> decode(VectorSchemaRoot root, DictionaryProvider dictionaries) {
    IntVector c = (IntVector) root.getVector(0);
    VarCharVector dict = (VarCharVector) dictionaries.lookup(c.getField().getDictionary().getId()).getVector();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < root.getRowCount(); i++) {
      out.add(new String(dict.get(c.get(i)), StandardCharsets.UTF_8));
    }
    return out;
  }
}
