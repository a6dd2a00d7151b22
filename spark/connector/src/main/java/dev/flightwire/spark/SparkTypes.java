package dev.flightwire.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DayTimeIntervalType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.YearMonthIntervalType;

/**
 * Arrow types as Spark SQL types: the Arrow types whose vectors Spark's {@code ArrowColumnVector}
 * reads in place, so batches reach Spark without conversion, and at the top level also those
 * {@link Conversions} converts. Any other type is refused with the column's name, before a task
 * starts.
 */
final class SparkTypes {
  static final String SUPPORTED = "bool, int8/16/32/64, float32/64, decimal128 (precision up to 38, scale 0 to "
      + "precision), utf8, large_utf8, binary, "
      + "large_binary, date32, timestamp[us] (with or without zone), duration[us], interval (year-month and "
      + "month-day-nano), null, and list, struct and map of these; as columns also uint8/16/32, float16, "
      + "date64, timestamps of any unit, utf8_view, binary_view and dictionary-encoded columns";

  private SparkTypes() {}

  /**
   * The Spark schema of {@code schema}.
   *
   * @throws UnsupportedOperationException naming the first column Spark cannot read
   */
  static StructType struct(Schema schema) {
    List<StructField> out = new ArrayList<>();
    for (Field f : schema.getFields()) {
      Field read = f;
      if (Conversions.needed(f)) {
        ArrowType to = Conversions.target(f.getType());
        read = new Field(f.getName(), new FieldType(f.isNullable(), to != null ? to : f.getType(), null), f.getChildren());
      }
      out.add(new StructField(f.getName(), type(read, f.getName()), f.isNullable(), Metadata.empty()));
    }
    return DataTypes.createStructType(out);
  }

  private static StructType struct(List<Field> fields, String prefix) {
    List<StructField> out = new ArrayList<>();
    for (Field f : fields) {
      out.add(new StructField(f.getName(), type(f, prefix + f.getName()), f.isNullable(), Metadata.empty()));
    }
    return DataTypes.createStructType(out);
  }

  private static DataType type(Field f, String column) {
    if (f.getDictionary() != null) {
      throw refuse(column, "dictionary-encoded " + f.getType());
    }
    ArrowType t = f.getType();
    switch (t.getTypeID()) {
      case Bool:
        return DataTypes.BooleanType;
      case Int: {
        ArrowType.Int i = (ArrowType.Int) t;
        if (i.getIsSigned()) {
          switch (i.getBitWidth()) {
            case 8: return DataTypes.ByteType;
            case 16: return DataTypes.ShortType;
            case 32: return DataTypes.IntegerType;
            case 64: return DataTypes.LongType;
            default: break;
          }
        }
        break;
      }
      case FloatingPoint: {
        FloatingPointPrecision p = ((ArrowType.FloatingPoint) t).getPrecision();
        if (p == FloatingPointPrecision.SINGLE) {
          return DataTypes.FloatType;
        }
        if (p == FloatingPointPrecision.DOUBLE) {
          return DataTypes.DoubleType;
        }
        break;
      }
      case Decimal: {
        ArrowType.Decimal d = (ArrowType.Decimal) t;
        if (d.getBitWidth() == 128 && d.getPrecision() <= 38 && d.getScale() >= 0 && d.getScale() <= d.getPrecision()) {
          return DataTypes.createDecimalType(d.getPrecision(), d.getScale());
        }
        break;
      }
      case Utf8:
      case LargeUtf8:
        return DataTypes.StringType;
      case Binary:
      case LargeBinary:
        return DataTypes.BinaryType;
      case Date:
        if (((ArrowType.Date) t).getUnit() == DateUnit.DAY) {
          return DataTypes.DateType;
        }
        break;
      case Timestamp: {
        ArrowType.Timestamp ts = (ArrowType.Timestamp) t;
        if (ts.getUnit() == TimeUnit.MICROSECOND) {
          return ts.getTimezone() != null ? DataTypes.TimestampType : DataTypes.TimestampNTZType;
        }
        break;
      }
      case Duration:
        if (((ArrowType.Duration) t).getUnit() == TimeUnit.MICROSECOND) {
          return DayTimeIntervalType.apply();
        }
        break;
      case Interval: {
        IntervalUnit u = ((ArrowType.Interval) t).getUnit();
        if (u == IntervalUnit.YEAR_MONTH) {
          return YearMonthIntervalType.apply();
        }
        if (u == IntervalUnit.MONTH_DAY_NANO) {
          return DataTypes.CalendarIntervalType;
        }
        break;
      }
      case Null:
        return DataTypes.NullType;
      case List: {
        Field item = f.getChildren().get(0);
        return ArrayType.apply(type(item, column + "[]"), item.isNullable());
      }
      case Struct:
        return struct(f.getChildren(), column + ".");
      case Map: {
        Field entries = f.getChildren().get(0);
        Field key = entries.getChildren().get(0);
        Field value = entries.getChildren().get(1);
        return MapType.apply(type(key, column + ".key"), type(value, column + ".value"), value.isNullable());
      }
      default:
        break;
    }
    throw refuse(column, t.toString());
  }

  private static UnsupportedOperationException refuse(String column, String type) {
    return new UnsupportedOperationException("flight: column \"" + column + "\" has the Arrow type " + type
        + ", which Spark cannot read (it reads " + SUPPORTED + ")");
  }
}
