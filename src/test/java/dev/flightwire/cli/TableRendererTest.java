package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** The terminal table: alignment, escaping, cutting, and the row limit of the table sink. */
class TableRendererTest {
  private static String render(TableRenderer t) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    t.render(out);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void alignsColumnsNumbersToTheRight() {
    TableRenderer t = new TableRenderer(List.of("name", "count", "note"), new boolean[] {false, true, false}, 40);
    t.addRow(List.of("apples", "7", "fresh"));
    t.addRow(Arrays.asList("kiwi", "1234", null));
    assertEquals(""
        + "name    count  note\n"
        + "------  -----  -----\n"
        + "apples      7  fresh\n"
        + "kiwi     1234  null\n", render(t));
  }

  @Test
  void escapesControlCharactersAndCutsLongCells() {
    assertEquals("a\\nb\\tc?d", TableRenderer.cell("a\nb\tc\u0001d", 40));
    assertEquals("abcdefg...", TableRenderer.cell("abcdefghijklmnop", 10));
    assertEquals("abcdefghij", TableRenderer.cell("abcdefghij", 10));
    assertEquals("x\\n\\n\\n...", TableRenderer.cell("x\n\n\n\n\n\n\n\n", 10));
  }

  @Test
  void rowsMustMatchTheHeader() {
    TableRenderer t = new TableRenderer(List.of("a", "b"), null, 10);
    assertThrows(IllegalArgumentException.class, () -> t.addRow(List.of("1")));
  }

  @Test
  void theSinkShowsTheFirstRowsAndCountsTheRest() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (BufferAllocator a = new RootAllocator()) {
      BigIntVector id = new BigIntVector("id", a);
      VarCharVector name = new VarCharVector("name", a);
      try (VectorSchemaRoot root = new VectorSchemaRoot(List.of(id, name))) {
        root.allocateNew();
        for (int i = 0; i < 4; i++) {
          id.set(i, i * 100);
          name.setSafe(i, ("n" + i).getBytes(StandardCharsets.UTF_8));
        }
        root.setRowCount(4);
        try (TableSink sink = new TableSink(OutputTarget.stdout(bytes), 3)) {
          sink.begin(root.getSchema(), null);
          sink.write(root);
          sink.write(root);
          sink.finish();
        }
      }
    }
    assertEquals(""
        + " id  name\n"
        + "---  ----\n"
        + "  0  n0\n"
        + "100  n1\n"
        + "200  n2\n"
        + "... 5 more rows (8 in all; --limit N shows more, --format csv shows all)\n",
        bytes.toString(StandardCharsets.UTF_8));
  }
}
