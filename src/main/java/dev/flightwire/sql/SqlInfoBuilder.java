package dev.flightwire.sql;

import dev.flightwire.FlightDataStream;
import dev.flightwire.RecordBatchStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.DenseUnionVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * The server information a {@link GetSqlInfo} returns, set value by value with one typed setter
 * per member of the result's {@code value} union ({@link FlightSqlSchemas#GET_SQL_INFO}), keyed by
 * {@link SqlInfo} ids (or a server's own, from 10000 up). Setting an id again replaces its value.
 * A server's own ids break the Arrow Flight SQL JDBC driver: it asks for all information and
 * fails on an id it does not know, so a service meant for JDBC users should not set any.
 *
 * <pre>{@code
 * SqlInfoBuilder info = new SqlInfoBuilder()
 *     .withString(SqlInfo.FLIGHT_SQL_SERVER_NAME, "mydb")
 *     .withBoolean(SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY, false);
 * FlightDataStream stream = info.stream(allocator, request);
 * }</pre>
 *
 * <p>Not thread-safe while it is being set up; once set up, building results from many threads
 * at once is safe.
 */
public final class SqlInfoBuilder {
  private static final byte STRING = 0;
  private static final byte BOOLEAN = 1;
  private static final byte BIGINT = 2;
  private static final byte INT32 = 3;
  private static final byte STRING_LIST = 4;
  private static final byte INT32_MAP = 5;

  /** One value and its member of the union. */
  private record Value(byte typeId, Object value) {}

  private final TreeMap<Integer, Value> values = new TreeMap<>();

  /** An empty builder. */
  public SqlInfoBuilder() {}

  /**
   * Sets a string value ({@code string_value}).
   *
   * @param id the info id
   * @param value the value; not null
   * @return this builder
   */
  public SqlInfoBuilder withString(int id, String value) {
    return put(id, STRING, Objects.requireNonNull(value, "value"));
  }

  /**
   * Sets a boolean value ({@code bool_value}).
   *
   * @param id the info id
   * @param value the value
   * @return this builder
   */
  public SqlInfoBuilder withBoolean(int id, boolean value) {
    return put(id, BOOLEAN, value);
  }

  /**
   * Sets a 64-bit value ({@code bigint_value}).
   *
   * @param id the info id
   * @param value the value
   * @return this builder
   */
  public SqlInfoBuilder withLong(int id, long value) {
    return put(id, BIGINT, value);
  }

  /**
   * Sets a 32-bit value ({@code int32_bitmask}): a bitmask (bit n set when the enum value n is
   * supported), or one of the ids documented as a plain int32, such as
   * {@link SqlInfo#FLIGHT_SQL_SERVER_TRANSACTION}.
   *
   * @param id the info id
   * @param value the value
   * @return this builder
   */
  public SqlInfoBuilder withInt32Bitmask(int id, int value) {
    return put(id, INT32, value);
  }

  /**
   * Sets a list of strings ({@code string_list}).
   *
   * @param id the info id
   * @param value the strings; not null, no null element; copied
   * @return this builder
   */
  public SqlInfoBuilder withStringList(int id, List<String> value) {
    return put(id, STRING_LIST, List.copyOf(value));
  }

  /**
   * Sets a map from int32 to lists of int32 ({@code int32_to_int32_list_map}), for example
   * {@link SqlInfo#SQL_SUPPORTS_CONVERT}.
   *
   * @param id the info id
   * @param value the map; not null, no null key, value or list element; copied, and sent in
   *     ascending key order
   * @return this builder
   */
  public SqlInfoBuilder withInt32ToInt32ListMap(int id, Map<Integer, List<Integer>> value) {
    TreeMap<Integer, List<Integer>> copy = new TreeMap<>();
    value.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), List.copyOf(v)));
    return put(id, INT32_MAP, copy);
  }

  private SqlInfoBuilder put(int id, byte typeId, Object value) {
    values.put(id, new Value(typeId, value));
    return this;
  }

  /**
   * The result of a GetSqlInfo request: one row per requested id this builder has a value for, in
   * the order requested (duplicates once), or every value in ascending id order when the request
   * names none. Ids without a value are left out, as the protocol allows.
   *
   * @param allocator where the vectors are allocated; borrowed
   * @param request the request
   * @return an owned root (the caller must close it), with schema {@link FlightSqlSchemas#GET_SQL_INFO}
   */
  public VectorSchemaRoot build(BufferAllocator allocator, GetSqlInfo request) {
    Set<Integer> ids = request.info().isEmpty() ? values.keySet() : new LinkedHashSet<>(request.info());
    List<Integer> rows = new ArrayList<>();
    for (Integer id : ids) {
      if (values.containsKey(id)) {
        rows.add(id);
      }
    }
    VectorSchemaRoot root = VectorSchemaRoot.create(FlightSqlSchemas.GET_SQL_INFO, allocator);
    boolean built = false;
    try {
      fill(root, rows);
      built = true;
      return root;
    } finally {
      if (!built) {
        root.close();
      }
    }
  }

  /**
   * The result of a GetSqlInfo request as a stream for DoGet (see {@link #build}).
   *
   * @param allocator where the vectors are allocated; borrowed
   * @param request the request
   * @return an owned stream of one batch; its data is released when the stream is closed
   */
  public FlightDataStream stream(BufferAllocator allocator, GetSqlInfo request) {
    VectorSchemaRoot root = build(allocator, request);
    return new RecordBatchStream(root.getSchema(), List.of(root), null).onClose(root::close);
  }

  private void fill(VectorSchemaRoot root, List<Integer> rows) {
    int n = rows.size();
    UInt4Vector names = (UInt4Vector) root.getVector("info_name");
    DenseUnionVector union = (DenseUnionVector) root.getVector("value");
    names.allocateNew(n);
    union.allocateNew();
    while (union.getOffsetBuffer().capacity() < (long) n * DenseUnionVector.OFFSET_WIDTH) {
      union.reAlloc();
    }
    List<FieldVector> children = union.getChildrenFromFields();
    for (FieldVector child : children) {
      child.allocateNew();
    }
    int[] counts = new int[children.size()];
    for (int row = 0; row < n; row++) {
      int id = rows.get(row);
      Value v = values.get(id);
      names.setSafe(row, id);
      union.setTypeId(row, v.typeId());
      int at = counts[v.typeId()]++;
      union.getOffsetBuffer().setInt((long) row * DenseUnionVector.OFFSET_WIDTH, at);
      write(children.get(v.typeId()), at, v.value());
    }
    for (int i = 0; i < counts.length; i++) {
      children.get(i).setValueCount(counts[i]);
    }
    names.setValueCount(n);
    union.setValueCount(n);
    root.setRowCount(n);
  }

  @SuppressWarnings("unchecked")
  private static void write(FieldVector child, int at, Object value) {
    if (child instanceof VarCharVector v) {
      v.setSafe(at, ((String) value).getBytes(StandardCharsets.UTF_8));
    } else if (child instanceof BitVector v) {
      v.setSafe(at, (Boolean) value ? 1 : 0);
    } else if (child instanceof BigIntVector v) {
      v.setSafe(at, (Long) value);
    } else if (child instanceof IntVector v) {
      v.setSafe(at, (Integer) value);
    } else if (child instanceof MapVector m) {
      writeMap(m, at, (Map<Integer, List<Integer>>) value);
    } else if (child instanceof ListVector l) {
      writeStrings(l, at, (List<String>) value);
    } else {
      throw new IllegalStateException("unexpected union member " + child.getField());
    }
  }

  private static void writeStrings(ListVector list, int at, List<String> strings) {
    VarCharVector items = (VarCharVector) list.getDataVector();
    int start = list.startNewValue(at);
    for (int i = 0; i < strings.size(); i++) {
      items.setSafe(start + i, strings.get(i).getBytes(StandardCharsets.UTF_8));
    }
    list.endValue(at, strings.size());
  }

  private static void writeMap(MapVector map, int at, Map<Integer, List<Integer>> entries) {
    StructVector struct = (StructVector) map.getDataVector();
    IntVector keys = (IntVector) struct.getChild("key");
    ListVector lists = (ListVector) struct.getChild("value");
    IntVector items = (IntVector) lists.getDataVector();
    int entry = map.startNewValue(at);
    for (Map.Entry<Integer, List<Integer>> e : entries.entrySet()) {
      struct.setIndexDefined(entry);
      keys.setSafe(entry, e.getKey());
      int start = lists.startNewValue(entry);
      List<Integer> ints = e.getValue();
      for (int i = 0; i < ints.size(); i++) {
        items.setSafe(start + i, ints.get(i));
      }
      lists.endValue(entry, ints.size());
      entry++;
    }
    map.endValue(at, entries.size());
  }
}
