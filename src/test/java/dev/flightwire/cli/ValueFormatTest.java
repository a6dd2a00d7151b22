package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.TimeStampSecVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** Values as text (CSV and tables) and type names. */
class ValueFormatTest {
  @Test
  void formatsCommonTypes() {
    try (BufferAllocator a = new RootAllocator();
        UInt1Vector u1 = new UInt1Vector("u1", a);
        UInt8Vector u8 = new UInt8Vector("u8", a);
        DecimalVector dec = new DecimalVector("d", a, 10, 3);
        TimeMilliVector time = new TimeMilliVector("t", a);
        TimeStampSecVector ts = new TimeStampSecVector("ts", a);
        TimeStampNanoTZVector paris = new TimeStampNanoTZVector("p", a, "Europe/Paris");
        VarBinaryVector bin = new VarBinaryVector("b", a)) {
      u1.allocateNew(1);
      u1.set(0, 255);
      u8.allocateNew(1);
      u8.set(0, -1L);
      dec.allocateNew(1);
      dec.set(0, new BigDecimal("12.500"));
      time.allocateNew(1);
      time.set(0, 45_296_789); // 12:34:56.789
      ts.allocateNew(2);
      ts.set(0, 0);
      ts.setNull(1);
      paris.allocateNew(1);
      paris.set(0, 1_706_702_400_000_000_001L);
      bin.allocateNew(1);
      bin.setSafe(0, new byte[] {0, (byte) 0xAB});
      assertEquals("255", ValueFormat.text(u1, 0, null));
      assertEquals("18446744073709551615", ValueFormat.text(u8, 0, null));
      assertEquals("12.500", ValueFormat.text(dec, 0, null));
      assertEquals("12:34:56.789", ValueFormat.text(time, 0, null));
      assertEquals("1970-01-01T00:00:00", ValueFormat.text(ts, 0, null));
      assertNull(ValueFormat.text(ts, 1, null));
      assertEquals("2024-01-31T13:00:00.000000001+01:00", ValueFormat.text(paris, 0, null));
      assertEquals("00ab", ValueFormat.text(bin, 0, null));
    }
  }

  @Test
  void dictionaryValuesAreLookedUp() {
    try (BufferAllocator a = new RootAllocator();
        VarCharVector values = new VarCharVector("values", a)) {
      values.allocateNew();
      values.setSafe(0, "red".getBytes(StandardCharsets.UTF_8));
      values.setSafe(1, "green".getBytes(StandardCharsets.UTF_8));
      values.setValueCount(2);
      DictionaryEncoding enc = new DictionaryEncoding(7, false, new ArrowType.Int(32, true));
      Dictionary dictionary = new Dictionary(values, enc);
      FieldType type = new FieldType(true, new ArrowType.Int(32, true), enc);
      try (IntVector idx = (IntVector) type.createNewSingleVector("colour", a, null)) {
        idx.allocateNew(2);
        idx.set(0, 1);
        idx.set(1, 0);
        idx.setValueCount(2);
        DictionaryProvider provider = new DictionaryProvider.MapDictionaryProvider(dictionary);
        assertEquals("green", ValueFormat.text(idx, 0, provider));
        assertEquals("red", ValueFormat.text(idx, 1, provider));
        assertEquals("1", ValueFormat.text(idx, 0, null));
      }
    }
  }

  @Test
  void namesTypesShortly() {
    Field list = new Field("l", FieldType.nullable(new ArrowType.List()),
        List.of(Field.nullable("item", new ArrowType.Int(32, true))));
    Field struct = new Field("s", FieldType.nullable(ArrowType.Struct.INSTANCE),
        List.of(Field.notNullable("a", ArrowType.Utf8.INSTANCE), Field.nullable("b", ArrowType.Bool.INSTANCE)));
    Schema schema = new Schema(List.of(list, struct,
        Field.notNullable("ts", new ArrowType.Timestamp(org.apache.arrow.vector.types.TimeUnit.MILLISECOND, "UTC")),
        Field.nullable("d", new ArrowType.Decimal(10, 2, 128))), java.util.Map.of("origin", "test"));
    assertEquals(List.of("l: list<int32>", "s: struct<a: utf8, b: bool>", "ts: timestamp[ms, tz=UTC] not null",
        "d: decimal128(10, 2)", "-- metadata --", "origin: test"), TypeNames.schemaLines(schema));
  }

  @Test
  void textBytesShowsTextOrHex() {
    assertEquals("hello\nworld", TextBytes.show("hello\nworld".getBytes(StandardCharsets.UTF_8)));
    assertEquals("0x00ff", TextBytes.show(new byte[] {0, (byte) 0xFF}));
    assertEquals("0xc328", TextBytes.show(new byte[] {(byte) 0xC3, 0x28}));
  }
}
