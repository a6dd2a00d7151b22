package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;

/** The CSV tokenizer's edge cases, type inference, and batch-by-batch reading. */
class CsvReaderTest {
  private static List<List<String>> records(String csv) throws IOException {
    CsvRecords r = new CsvRecords(new StringReader(csv));
    List<List<String>> out = new ArrayList<>();
    String[] rec;
    while ((rec = r.next()) != null) {
      out.add(java.util.Arrays.asList(rec));
    }
    return out;
  }

  private static CsvReader reader(String csv, BufferAllocator a, int batchRows, int inferRows) throws IOException {
    byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
    return new CsvReader(new ByteArrayInputStream(bytes), "t.csv", bytes.length, a, batchRows, inferRows);
  }

  @Test
  void quotedFieldsHoldCommasQuotesAndLineBreaks() throws IOException {
    List<List<String>> r = records("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n\"\",plain,\"cr\r\nlf\"\n");
    assertEquals(List.of("a", "b", "c"), r.get(0));
    assertEquals(List.of("x, y", "say \"hi\"", "two\nlines"), r.get(1));
    assertEquals(List.of("", "plain", "cr\r\nlf"), r.get(2));
    assertEquals(3, r.size());
  }

  @Test
  void unquotedEmptyIsNullQuotedEmptyIsEmptyText() throws IOException {
    List<List<String>> r = records("a,b,c\n,\"\",\n");
    assertEquals(java.util.Arrays.asList(null, "", null), r.get(1));
  }

  @Test
  void lineEndingsBomBlankLinesAndNoFinalNewline() throws IOException {
    List<List<String>> r = records("\uFEFFa,b\r\n1,2\r\n\r\n\n3,4\r5,6");
    assertEquals(List.of(List.of("a", "b"), List.of("1", "2"), List.of("3", "4"), List.of("5", "6")), r);
  }

  @Test
  void aQuoteInsideAnUnquotedFieldIsKept() throws IOException {
    assertEquals(List.of("5\" disk", "x"), records("5\" disk,x\n").get(0));
  }

  @Test
  void recordLinesCountLineBreaksInsideQuotes() throws IOException {
    CsvRecords r = new CsvRecords(new StringReader("h\n\"a\nb\nc\"\nnext\n"));
    r.next();
    r.next();
    assertEquals(2, r.recordLine());
    r.next();
    assertEquals(5, r.recordLine());
  }

  @Test
  void malformedQuotingIsAnErrorWithItsLine() {
    CsvRecords.CsvException open = assertThrows(CsvRecords.CsvException.class, () -> records("a\n\"never closed\n"));
    assertTrue(open.getMessage().startsWith("line 2: a quoted field is not closed"), open.getMessage());
    CsvRecords.CsvException after = assertThrows(CsvRecords.CsvException.class, () -> records("a,b\n1,\"x\"y\n"));
    assertTrue(after.getMessage().startsWith("line 2: unexpected 'y' after a closing quote"), after.getMessage());
  }

  @Test
  void typesAreInferredFromTheFirstRows() throws IOException {
    String csv = "i,f,widened,b,s,empty,blanks\n"
        + "1,1.5,1,true,x,,\n"
        + "-2,-.5e3,2.5,FALSE,1,,\" \"\n"
        + "+3,NaN,3,false,true,,\n"
        + ",inf,,,,,\n";
    try (BufferAllocator a = new RootAllocator(); CsvReader r = reader(csv, a, 100, 1000)) {
      List<ArrowType> types = new ArrayList<>();
      r.schema().getFields().forEach(f -> types.add(f.getType()));
      assertEquals(List.of(CsvColumnType.INT64.arrowType(), CsvColumnType.FLOAT64.arrowType(),
          CsvColumnType.FLOAT64.arrowType(), CsvColumnType.BOOL.arrowType(), CsvColumnType.UTF8.arrowType(),
          CsvColumnType.UTF8.arrowType(), CsvColumnType.UTF8.arrowType()), types);
      assertTrue(r.loadNext());
      VectorSchemaRoot root = r.root();
      assertEquals(4, root.getRowCount());
      BigIntVector i = (BigIntVector) root.getVector("i");
      assertEquals(1, i.get(0));
      assertEquals(-2, i.get(1));
      assertEquals(3, i.get(2));
      assertTrue(i.isNull(3));
      Float8Vector f = (Float8Vector) root.getVector("f");
      assertEquals(-500.0, f.get(1));
      assertTrue(Double.isNaN(f.get(2)));
      assertEquals(Double.POSITIVE_INFINITY, f.get(3));
      assertEquals(2.5, ((Float8Vector) root.getVector("widened")).get(1));
      BitVector b = (BitVector) root.getVector("b");
      assertEquals(1, b.get(0));
      assertEquals(0, b.get(1));
      assertTrue(b.isNull(3));
      VarCharVector s = (VarCharVector) root.getVector("s");
      assertEquals("true", new String(s.get(2), StandardCharsets.UTF_8));
      assertTrue(s.isNull(3));
      assertTrue(root.getVector("empty").isNull(0));
      assertEquals(" ", new String(((VarCharVector) root.getVector("blanks")).get(1), StandardCharsets.UTF_8));
      assertFalse(r.loadNext());
    }
  }

  @Test
  void integersBeyondInt64AreFloats() throws IOException {
    try (BufferAllocator a = new RootAllocator(); CsvReader r = reader("n\n99999999999999999999\n", a, 10, 10)) {
      assertEquals(CsvColumnType.FLOAT64.arrowType(), r.schema().getFields().get(0).getType());
    }
  }

  @Test
  void aValueBeyondTheInferenceRowsThatDoesNotFitFails() throws IOException {
    try (BufferAllocator a = new RootAllocator(); CsvReader r = reader("n,s\n1,a\n2,b\nthree,c\n", a, 10, 2)) {
      CsvRecords.CsvException e = assertThrows(CsvRecords.CsvException.class, r::loadNext);
      assertEquals("t.csv line 4, column 'n': 'three' is not an int64 (column types are inferred from the first 2"
          + " rows)", e.getMessage());
    }
  }

  @Test
  void rowsMustHaveTheHeadersWidth() throws IOException {
    try (BufferAllocator a = new RootAllocator()) {
      CsvRecords.CsvException early = assertThrows(CsvRecords.CsvException.class,
          () -> reader("a,b\n1,2\n3\n", a, 10, 10).close());
      assertEquals("t.csv line 3: 1 field, but the header has 2", early.getMessage());
      try (CsvReader r = reader("a,b\n1,2\n3,4,5\n", a, 10, 1)) {
        CsvRecords.CsvException late = assertThrows(CsvRecords.CsvException.class, r::loadNext);
        assertEquals("t.csv line 3: 3 fields, but the header has 2", late.getMessage());
      }
    }
  }

  @Test
  void anEmptyFileHasNoHeader() {
    try (BufferAllocator a = new RootAllocator()) {
      CsvRecords.CsvException e = assertThrows(CsvRecords.CsvException.class, () -> reader("", a, 10, 10).close());
      assertEquals("t.csv is empty: a CSV file starts with a header row", e.getMessage());
    }
  }

  @Test
  void aHeaderAloneIsAnEmptyTableOfStrings() throws IOException {
    try (BufferAllocator a = new RootAllocator(); CsvReader r = reader("x,y\n", a, 10, 10)) {
      assertEquals(2, r.schema().getFields().size());
      assertEquals(CsvColumnType.UTF8.arrowType(), r.schema().getFields().get(1).getType());
      assertFalse(r.loadNext());
    }
  }

  @Test
  void readsInBatchesOfTheGivenSize() throws IOException {
    StringBuilder csv = new StringBuilder("n\n");
    for (int i = 0; i < 25; i++) {
      csv.append(i).append('\n');
    }
    try (BufferAllocator a = new RootAllocator(); CsvReader r = reader(csv.toString(), a, 10, 5)) {
      List<Integer> sizes = new ArrayList<>();
      long sum = 0;
      while (r.loadNext()) {
        sizes.add(r.root().getRowCount());
        BigIntVector v = (BigIntVector) r.root().getVector(0);
        for (int i = 0; i < v.getValueCount(); i++) {
          sum += v.get(i);
        }
      }
      assertEquals(List.of(10, 10, 5), sizes);
      assertEquals(300, sum);
      assertEquals(r.sizeBytes(), r.bytesRead());
    }
  }

  /** A CSV of {@code rows} rows made on the fly, never held whole in memory. */
  private static InputStream generated(int rows) {
    return new InputStream() {
      private int row = -1;
      private byte[] line = new byte[0];
      private int pos;

      @Override
      public int read() {
        if (pos == line.length) {
          if (row >= rows) {
            return -1;
          }
          String text = row < 0 ? "id,name,score\n" : row + ",\"name " + row + ", with a comma\"," + (row * 0.5) + "\n";
          line = text.getBytes(StandardCharsets.UTF_8);
          pos = 0;
          row++;
        }
        return line[pos++];
      }
    };
  }

  @Test
  void aLargeFileStreamsThroughABoundedAmountOfMemory() throws IOException {
    int rows = 300_000; // about 12 MB of CSV
    long total = 0;
    try (BufferAllocator a = new RootAllocator();
        CsvReader r = new CsvReader(generated(rows), "big.csv", -1, a, 4096, 1000)) {
      while (r.loadNext()) {
        total += r.root().getRowCount();
      }
      assertEquals(rows, total);
      // one batch of 4096 rows is about 150 KB; the whole file would be over 10 MB
      assertTrue(a.getPeakMemoryAllocation() < 2_000_000, "peak " + a.getPeakMemoryAllocation());
      assertNull(r.dictionaries());
    }
  }

  @Test
  void invalidUtf8IsReported() throws IOException {
    byte[] bytes = {'a', '\n', (byte) 0xC3, (byte) 0x28, '\n'};
    try (BufferAllocator a = new RootAllocator()) {
      CsvRecords.CsvException e = assertThrows(CsvRecords.CsvException.class,
          () -> new CsvReader(new ByteArrayInputStream(bytes), "bad.csv", bytes.length, a, 10, 10).close());
      assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
    }
  }

  @Test
  void parsesTheSpecialFloats() {
    assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 1e-3},
        new double[] {CsvColumnType.parseDouble("-Infinity"), CsvColumnType.parseDouble("+inf"),
            CsvColumnType.parseDouble("1e-3")});
    assertFalse(CsvColumnType.INT64.accepts("١٢")); // Arabic-Indic digits are not ASCII digits
    assertFalse(CsvColumnType.FLOAT64.accepts("1.5f"));
    assertFalse(CsvColumnType.FLOAT64.accepts("0x10"));
  }
}
