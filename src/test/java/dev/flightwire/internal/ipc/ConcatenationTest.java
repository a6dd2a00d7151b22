package dev.flightwire.internal.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class ConcatenationTest {
  private static Field field(String name, ArrowType type, Field... children) {
    return new Field(name, FieldType.nullable(type), List.of(children));
  }

  @Test
  void namesTheFirstColumnArrowJavaCannotAppend() {
    Field i32 = field("i", new ArrowType.Int(32, true));
    Field ree = field("r", ArrowType.RunEndEncoded.INSTANCE, field("run_ends", new ArrowType.Int(32, true)),
        field("values", new ArrowType.Int(64, true)));
    Field listView = field("v", ArrowType.ListView.INSTANCE, field("item", new ArrowType.Int(64, true)));
    Field nested = field("s", ArrowType.Struct.INSTANCE,
        field("l", ArrowType.LargeListView.INSTANCE, field("item", new ArrowType.Utf8())));
    assertNull(Concatenation.unconcatenable(new Schema(List.of(i32))));
    assertEquals("\"r\" (run-end encoded)", Concatenation.unconcatenable(new Schema(List.of(i32, ree, listView))));
    assertEquals("\"v\" (list view)", Concatenation.unconcatenable(new Schema(List.of(listView))));
    assertEquals("\"s\" (large list view)", Concatenation.unconcatenable(new Schema(List.of(nested))));
  }
}
