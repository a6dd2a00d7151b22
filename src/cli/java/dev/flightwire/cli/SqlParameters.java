package dev.flightwire.cli;

import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;

/**
 * Parameters of prepared statements: their Arrow schema, told to the client when the statement is
 * prepared (from the engine's parameter types), and the rows of values a client binds (one row per
 * run), turned into JDBC values for the engine.
 */
final class SqlParameters {
  private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),\\s*(\\d+)\\)");

  private SqlParameters() {}

  /**
   * The parameters' schema: one nullable field per parameter ({@code p1}, {@code p2}, ...), of the
   * Arrow type of the engine's type; a parameter whose type the engine leaves open (as in
   * {@code SELECT ?}) is a string, which the engine casts.
   */
  static Schema schemaOf(ParameterMetaData metadata) throws SQLException {
    List<Field> fields = new ArrayList<>();
    for (int i = 1; i <= metadata.getParameterCount(); i++) {
      ArrowType type = arrowType(metadata.getParameterType(i), metadata.getParameterTypeName(i));
      fields.add(new Field("p" + i, FieldType.nullable(type), null));
    }
    return new Schema(fields);
  }

  private static ArrowType arrowType(int jdbcType, String name) {
    switch (jdbcType) {
      case Types.BOOLEAN:
        return ArrowType.Bool.INSTANCE;
      case Types.TINYINT:
        return new ArrowType.Int(8, true);
      case Types.SMALLINT:
        return new ArrowType.Int(16, true);
      case Types.INTEGER:
        return new ArrowType.Int(32, true);
      case Types.BIGINT:
        return new ArrowType.Int(64, true);
      case Types.FLOAT:
      case Types.REAL:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case Types.DOUBLE:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case Types.DECIMAL:
      case Types.NUMERIC: {
        Matcher m = name == null ? null : DECIMAL.matcher(name);
        if (m != null && m.find()) {
          return new ArrowType.Decimal(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), 128);
        }
        return new ArrowType.Decimal(18, 3, 128);
      }
      case Types.DATE:
        return new ArrowType.Date(DateUnit.DAY);
      case Types.TIME:
        return new ArrowType.Time(TimeUnit.MICROSECOND, 64);
      case Types.TIMESTAMP:
        return new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
      case Types.TIMESTAMP_WITH_TIMEZONE:
        return new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
      case Types.BLOB:
      case Types.BINARY:
      case Types.VARBINARY:
        return ArrowType.Binary.INSTANCE;
      default:
        return ArrowType.Utf8.INSTANCE;
    }
  }

  /**
   * The rows of a batch of parameter values, each as JDBC values in parameter order: times of day
   * as {@link LocalTime}, dates as {@link LocalDate}, timestamps as {@link LocalDateTime} (with a
   * time zone: {@link OffsetDateTime} in UTC).
   *
   * @param root the batch; borrowed
   * @throws java.time.DateTimeException for a time of day outside 00:00 to 24:00
   */
  static List<Object[]> rowsOf(VectorSchemaRoot root) {
    List<Object[]> rows = new ArrayList<>();
    List<FieldVector> vectors = root.getFieldVectors();
    for (int r = 0; r < root.getRowCount(); r++) {
      Object[] row = new Object[vectors.size()];
      for (int c = 0; c < row.length; c++) {
        row[c] = valueOf(vectors.get(c), r);
      }
      rows.add(row);
    }
    return rows;
  }

  private static Object valueOf(FieldVector vector, int row) {
    if (vector.getField().getDictionary() != null) {
      // its values are the dictionary's indices, not the parameter's values
      throw new dev.flightwire.FlightInvalidArgumentError("parameter \"" + vector.getField().getName()
          + "\" is dictionary-encoded: send its values as a plain column");
    }
    if (vector.isNull(row)) {
      return null;
    }
    if (vector instanceof org.apache.arrow.vector.UInt8Vector u) {
      // unsigned: values from 2^63 up would bind as negative numbers
      return u.getObjectNoOverflow(row);
    }
    if (vector instanceof DateDayVector d) {
      return LocalDate.ofEpochDay(d.get(row));
    }
    // times of day: Arrow's own objects are numbers (and a LocalDateTime for milliseconds)
    if (vector instanceof TimeSecVector t) {
      return LocalTime.ofSecondOfDay(t.get(row));
    }
    if (vector instanceof TimeMilliVector t) {
      return LocalTime.ofNanoOfDay(t.get(row) * 1_000_000L);
    }
    if (vector instanceof TimeMicroVector t) {
      return LocalTime.ofNanoOfDay(Math.multiplyExact(t.get(row), 1_000L));
    }
    if (vector instanceof TimeNanoVector t) {
      return LocalTime.ofNanoOfDay(t.get(row));
    }
    if (vector instanceof TimeStampVector t) {
      ArrowType.Timestamp type = (ArrowType.Timestamp) t.getField().getType();
      if (type.getTimezone() != null) {
        return OffsetDateTime.ofInstant(instant(t.get(row), type.getUnit()), ZoneOffset.UTC);
      }
    }
    Object value = vector.getObject(row);
    if (value instanceof Text text) {
      return text.toString();
    }
    if (value instanceof LocalDateTime || value instanceof Number || value instanceof Boolean
        || value instanceof byte[] || value instanceof String) {
      return value;
    }
    return value.toString();
  }

  private static Instant instant(long value, TimeUnit unit) {
    switch (unit) {
      case SECOND:
        return Instant.ofEpochSecond(value);
      case MILLISECOND:
        return Instant.ofEpochMilli(value);
      case MICROSECOND:
        return Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1000L);
      default:
        return Instant.ofEpochSecond(Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
    }
  }

  /** Binds one row of values to {@code statement} (borrowed); an empty row binds nothing. */
  static void bind(PreparedStatement statement, Object[] values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      statement.setObject(i + 1, values[i]);
    }
  }
}
