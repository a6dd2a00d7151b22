package dev.flightwire.cli;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.LargeVarBinaryVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.ViewVarBinaryVector;
import org.apache.arrow.vector.ViewVarCharVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;

/**
 * One value of a column as text, for CSV and for the terminal table: integers in decimal (unsigned
 * types as unsigned), floats as Java prints them ({@code 1.5}, {@code NaN}, {@code Infinity}),
 * booleans as {@code true}/{@code false}, strings as they are, binary as hex, dates, times and
 * timestamps as ISO-8601 ({@code 2024-01-31}, {@code 2024-01-31T12:00:00}, with the offset when
 * the timestamp has a time zone: {@code 2024-01-31T12:00:00Z}), decimals in plain notation,
 * dictionary-encoded values as their dictionary value, nested values as JSON-like text. Null is
 * Java null.
 */
final class ValueFormat {
  private ValueFormat() {}

  /**
   * The text of row {@code i} of {@code v} (borrowed), or null for a null value.
   *
   * @param dictionaries where dictionary-encoded columns find their values; may be null
   */
  static String text(FieldVector v, int i, DictionaryProvider dictionaries) {
    if (v.isNull(i)) {
      return null;
    }
    DictionaryEncoding encoding = v.getField().getDictionary();
    if (encoding != null && dictionaries != null && v instanceof BaseIntVector) {
      Dictionary d = dictionaries.lookup(encoding.getId());
      if (d != null) {
        long index = ((BaseIntVector) v).getValueAsLong(i);
        FieldVector values = d.getVector();
        if (index < 0 || index >= values.getValueCount()) {
          return "<bad dictionary index " + index + ">";
        }
        return text(values, (int) index, null);
      }
    }
    return plain(v, i);
  }

  /**
   * Refuses a schema with dictionary-encoded values inside a nested column (a list or struct of
   * dictionary values), which text output cannot decode: it would show their indices.
   *
   * @throws CommandFailure naming the first such column
   */
  static void checkDecodable(org.apache.arrow.vector.types.pojo.Schema schema, String format) {
    for (org.apache.arrow.vector.types.pojo.Field f : schema.getFields()) {
      for (org.apache.arrow.vector.types.pojo.Field c : f.getChildren()) {
        if (DictionaryChanges.usesAnyDictionary(c)) {
          throw new CommandFailure("column \"" + f.getName() + "\" holds dictionary-encoded values inside a nested type,"
              + " which cannot be written as " + format + "; write an Arrow IPC file (.arrow) or stream (.arrows)");
        }
      }
    }
  }

  private static String plain(ValueVector v, int i) {
    if (v instanceof UInt1Vector) {
      return Integer.toString(((UInt1Vector) v).getObjectNoOverflow(i) & 0xFFFF);
    }
    if (v instanceof UInt2Vector) {
      return Integer.toString(((UInt2Vector) v).get(i));
    }
    if (v instanceof UInt4Vector) {
      return Long.toString(((UInt4Vector) v).getObjectNoOverflow(i));
    }
    if (v instanceof UInt8Vector) {
      return ((UInt8Vector) v).getObjectNoOverflow(i).toString();
    }
    if (v instanceof BaseIntVector) {
      return Long.toString(((BaseIntVector) v).getValueAsLong(i));
    }
    if (v instanceof Float8Vector) {
      return Double.toString(((Float8Vector) v).get(i));
    }
    if (v instanceof Float4Vector) {
      return Float.toString(((Float4Vector) v).get(i));
    }
    if (v instanceof Float2Vector) {
      return Float.toString(((Float2Vector) v).getValueAsFloat(i));
    }
    if (v instanceof BitVector) {
      return ((BitVector) v).get(i) != 0 ? "true" : "false";
    }
    if (v instanceof VarCharVector) {
      return new String(((VarCharVector) v).get(i), StandardCharsets.UTF_8);
    }
    if (v instanceof LargeVarCharVector) {
      return new String(((LargeVarCharVector) v).get(i), StandardCharsets.UTF_8);
    }
    if (v instanceof ViewVarCharVector) {
      return new String(((ViewVarCharVector) v).get(i), StandardCharsets.UTF_8);
    }
    if (v instanceof VarBinaryVector) {
      return TextBytes.hex(((VarBinaryVector) v).get(i));
    }
    if (v instanceof LargeVarBinaryVector) {
      return TextBytes.hex(((LargeVarBinaryVector) v).get(i));
    }
    if (v instanceof ViewVarBinaryVector) {
      return TextBytes.hex(((ViewVarBinaryVector) v).get(i));
    }
    if (v instanceof FixedSizeBinaryVector) {
      return TextBytes.hex(((FixedSizeBinaryVector) v).get(i));
    }
    if (v instanceof DateDayVector) {
      return LocalDate.ofEpochDay(((DateDayVector) v).get(i)).toString();
    }
    if (v instanceof DateMilliVector) {
      return LocalDate.ofEpochDay(Math.floorDiv(((DateMilliVector) v).get(i), 86_400_000L)).toString();
    }
    if (v instanceof TimeSecVector) {
      return time(((TimeSecVector) v).get(i) * 1_000_000_000L);
    }
    if (v instanceof TimeMilliVector) {
      return time(((TimeMilliVector) v).get(i) * 1_000_000L);
    }
    if (v instanceof TimeMicroVector) {
      return time(((TimeMicroVector) v).get(i) * 1_000L);
    }
    if (v instanceof TimeNanoVector) {
      return time(((TimeNanoVector) v).get(i));
    }
    if (v instanceof TimeStampVector) {
      ArrowType.Timestamp type = (ArrowType.Timestamp) v.getField().getType();
      return timestamp(((TimeStampVector) v).get(i), type.getUnit(), type.getTimezone());
    }
    if (v instanceof DecimalVector) {
      return ((DecimalVector) v).getObject(i).toPlainString();
    }
    if (v instanceof Decimal256Vector) {
      return ((Decimal256Vector) v).getObject(i).toPlainString();
    }
    Object o = v.getObject(i);
    if (o == null) { // a union's null member, for example
      return null;
    }
    if (o instanceof BigDecimal) {
      return ((BigDecimal) o).toPlainString();
    }
    if (o instanceof byte[]) {
      return TextBytes.hex((byte[]) o);
    }
    return String.valueOf(o);
  }

  private static String time(long nanoOfDay) {
    if (nanoOfDay < 0 || nanoOfDay >= 86_400_000_000_000L) {
      return "<time out of range: " + nanoOfDay + " ns>";
    }
    return LocalTime.ofNanoOfDay(nanoOfDay).format(DateTimeFormatter.ISO_LOCAL_TIME);
  }

  /** ISO-8601 text of a timestamp: local date-time without a zone, with the zone's offset otherwise. */
  static String timestamp(long value, TimeUnit unit, String zone) {
    Instant instant;
    switch (unit) {
      case SECOND:
        instant = Instant.ofEpochSecond(value);
        break;
      case MILLISECOND:
        instant = Instant.ofEpochMilli(value);
        break;
      case MICROSECOND:
        instant = Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1_000L);
        break;
      default:
        instant = Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
    }
    if (zone == null) {
      return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    }
    ZoneId id;
    try {
      id = ZoneId.of(zone);
    } catch (DateTimeException e) {
      id = ZoneOffset.UTC;
    }
    return instant.atZone(id).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  /** Whether a column's values are numbers (right-aligned in tables). */
  static boolean numeric(org.apache.arrow.vector.types.pojo.Field f) {
    ArrowType t = f.getType();
    if (f.getDictionary() != null) {
      return false;
    }
    switch (t.getTypeID()) {
      case Int:
      case FloatingPoint:
      case Decimal:
        return true;
      default:
        return false;
    }
  }
}
