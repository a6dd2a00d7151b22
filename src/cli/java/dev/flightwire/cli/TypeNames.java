package dev.flightwire.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Short names of Arrow types, as Arrow C++ and pyarrow print them: {@code int64}, {@code float64},
 * {@code utf8}, {@code timestamp[ms, tz=UTC]}, {@code list<int32>}.
 */
final class TypeNames {
  private TypeNames() {}

  /** One line per field: {@code name: type}, then the schema's metadata. */
  static List<String> schemaLines(Schema schema) {
    List<String> lines = new ArrayList<>();
    for (Field f : schema.getFields()) {
      lines.add(field(f));
    }
    Map<String, String> md = schema.getCustomMetadata();
    if (md != null && !md.isEmpty()) {
      lines.add("-- metadata --");
      md.forEach((k, v) -> lines.add(k + ": " + v));
    }
    return lines;
  }

  /** {@code name: type}, with {@code not null} when the field is not nullable. */
  static String field(Field f) {
    return f.getName() + ": " + of(f) + (f.isNullable() ? "" : " not null");
  }

  /** The type of a field, children included. */
  static String of(Field f) {
    ArrowType t = f.getType();
    String name;
    switch (t.getTypeID()) {
      case List:
        name = "list<" + of(f.getChildren().get(0)) + ">";
        break;
      case LargeList:
        name = "large_list<" + of(f.getChildren().get(0)) + ">";
        break;
      case ListView:
        name = "list_view<" + of(f.getChildren().get(0)) + ">";
        break;
      case FixedSizeList:
        name = "fixed_size_list<" + of(f.getChildren().get(0)) + ">[" + ((ArrowType.FixedSizeList) t).getListSize() + "]";
        break;
      case Struct:
        name = "struct<" + children(f) + ">";
        break;
      case Map: {
        Field entries = f.getChildren().get(0);
        name = entries.getChildren().size() == 2
            ? "map<" + of(entries.getChildren().get(0)) + ", " + of(entries.getChildren().get(1)) + ">"
            : "map<" + children(entries) + ">";
        break;
      }
      case Union:
        name = "union<" + children(f) + ">";
        break;
      default:
        name = of(t);
    }
    if (f.getDictionary() != null) {
      name = "dictionary<values=" + name + ", indices=" + of(f.getDictionary().getIndexType()) + ">";
    }
    return name;
  }

  private static String children(Field f) {
    List<String> parts = new ArrayList<>();
    for (Field c : f.getChildren()) {
      parts.add(c.getName() + ": " + of(c));
    }
    return String.join(", ", parts);
  }

  /** The name of a primitive type; nested types without their children. */
  static String of(ArrowType t) {
    switch (t.getTypeID()) {
      case Null:
        return "null";
      case Bool:
        return "bool";
      case Int: {
        ArrowType.Int i = (ArrowType.Int) t;
        return (i.getIsSigned() ? "int" : "uint") + i.getBitWidth();
      }
      case FloatingPoint:
        switch (((ArrowType.FloatingPoint) t).getPrecision()) {
          case HALF:
            return "float16";
          case SINGLE:
            return "float32";
          default:
            return "float64";
        }
      case Utf8:
        return "utf8";
      case LargeUtf8:
        return "large_utf8";
      case Utf8View:
        return "utf8_view";
      case Binary:
        return "binary";
      case LargeBinary:
        return "large_binary";
      case BinaryView:
        return "binary_view";
      case FixedSizeBinary:
        return "fixed_size_binary[" + ((ArrowType.FixedSizeBinary) t).getByteWidth() + "]";
      case Decimal: {
        ArrowType.Decimal d = (ArrowType.Decimal) t;
        return "decimal" + d.getBitWidth() + "(" + d.getPrecision() + ", " + d.getScale() + ")";
      }
      case Date:
        return ((ArrowType.Date) t).getUnit() == org.apache.arrow.vector.types.DateUnit.DAY ? "date32" : "date64";
      case Time: {
        ArrowType.Time tm = (ArrowType.Time) t;
        return "time" + tm.getBitWidth() + "[" + unit(tm.getUnit()) + "]";
      }
      case Timestamp: {
        ArrowType.Timestamp ts = (ArrowType.Timestamp) t;
        return "timestamp[" + unit(ts.getUnit()) + (ts.getTimezone() == null ? "" : ", tz=" + ts.getTimezone()) + "]";
      }
      case Duration:
        return "duration[" + unit(((ArrowType.Duration) t).getUnit()) + "]";
      case Interval:
        return "interval[" + ((ArrowType.Interval) t).getUnit().name().toLowerCase(Locale.ROOT) + "]";
      default:
        return t.toString();
    }
  }

  static String unit(TimeUnit u) {
    switch (u) {
      case SECOND:
        return "s";
      case MILLISECOND:
        return "ms";
      case MICROSECOND:
        return "us";
      default:
        return "ns";
    }
  }
}
