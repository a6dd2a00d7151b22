package dev.flightwire.peer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.ExtensionTypeVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compare.Range;
import org.apache.arrow.vector.compare.RangeEqualsVisitor;
import org.apache.arrow.vector.complex.DenseUnionVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.NonNullableStructVector;
import org.apache.arrow.vector.complex.UnionVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Logical table equality: schema (field names, types, nullability, field and schema metadata,
 * dictionary encodings up to the numbering of dictionary ids) and every value; dictionary-encoded
 * values compare by decoded value (two encodings of the same values are equal). Batch boundaries
 * are ignored.
 */
final class TableCompare {
  private TableCompare() {}

  /** Returns null when equal, otherwise a description of the first difference. */
  static String difference(Table a, Table b, BufferAllocator allocator) {
    Map<Long, Long> ids = new LinkedHashMap<>();
    String d = fieldsDifference("", a.wireSchema.getFields(), b.wireSchema.getFields(), ids);
    if (d != null) {
      return "schema: " + d;
    }
    Map<String, String> ma = norm(a.wireSchema.getCustomMetadata());
    Map<String, String> mb = norm(b.wireSchema.getCustomMetadata());
    if (!ma.equals(mb)) {
      return "schema metadata: " + ma + " vs " + mb;
    }
    if (a.rows != b.rows) {
      return "row count " + a.rows + " vs " + b.rows;
    }
    try {
      return valuesDifference(a, b, allocator);
    } catch (RuntimeException e) {
      return "values not comparable: " + e;
    }
  }

  /** Schema equality as above (wire-format schemas); null when equal. */
  static String schemaDifference(Schema a, Schema b) {
    String d = fieldsDifference("", a.getFields(), b.getFields(), new LinkedHashMap<>());
    if (d != null) {
      return d;
    }
    Map<String, String> ma = norm(a.getCustomMetadata());
    Map<String, String> mb = norm(b.getCustomMetadata());
    return ma.equals(mb) ? null : "schema metadata: " + ma + " vs " + mb;
  }

  private static String valuesDifference(Table a, Table b, BufferAllocator allocator) {
    int ia = -1;
    int ib = -1;
    int oa = 0;
    int ob = 0;
    int ra = 0;
    int rb = 0;
    long row = 0;
    VectorSchemaRoot rootA = null;
    VectorSchemaRoot rootB = null;
    try {
      while (true) {
        while (ra == 0 && ia + 1 < a.batches.size()) {
          ia++;
          if (rootA != null) {
            rootA.close();
          }
          rootA = a.load(ia, allocator);
          oa = 0;
          ra = rootA.getRowCount();
        }
        while (rb == 0 && ib + 1 < b.batches.size()) {
          ib++;
          if (rootB != null) {
            rootB.close();
          }
          rootB = b.load(ib, allocator);
          ob = 0;
          rb = rootB.getRowCount();
        }
        if (ra == 0 || rb == 0) {
          return null; // row counts are known to be equal
        }
        int len = Math.min(ra, rb);
        List<FieldVector> ca = rootA.getFieldVectors();
        List<FieldVector> cb = rootB.getFieldVectors();
        for (int c = 0; c < ca.size(); c++) {
          int r =
              hasDictionary(ca.get(c).getField()) || hasDictionary(cb.get(c).getField())
                  ? firstDifferentSlot(ca.get(c), a.dictionaries, cb.get(c), b.dictionaries,
                      oa, ob, len)
                  : firstDifferentRow(ca.get(c), cb.get(c), oa, ob, len);
          if (r >= 0) {
            return "column '" + ca.get(c).getField().getName() + "' differs at row " + (row + r)
                + ": " + safe(ca.get(c), a.dictionaries, oa + r) + " vs "
                + safe(cb.get(c), b.dictionaries, ob + r);
          }
        }
        oa += len;
        ob += len;
        ra -= len;
        rb -= len;
        row += len;
      }
    } finally {
      if (rootA != null) {
        rootA.close();
      }
      if (rootB != null) {
        rootB.close();
      }
    }
  }

  /** Index (relative to the starts) of the first unequal slot, or -1. */
  static int firstDifferentRow(FieldVector va, FieldVector vb, int sa, int sb, int len) {
    if (len == 0) {
      return -1;
    }
    RangeEqualsVisitor v = new RangeEqualsVisitor(va, vb, null);
    if (v.rangeEquals(new Range(sa, sb, len))) {
      return -1;
    }
    for (int i = 0; i < len; i++) {
      if (!new RangeEqualsVisitor(va, vb, null).rangeEquals(new Range(sa + i, sb + i, 1))) {
        return i;
      }
    }
    return 0; // unequal as a range but no single slot differs: report the start
  }

  /** Like firstDifferentRow, but dictionary-encoded values (at any depth) compare by value. */
  static int firstDifferentSlot(
      ValueVector va, DictionaryProvider da, ValueVector vb, DictionaryProvider db,
      int sa, int sb, int len) {
    for (int i = 0; i < len; i++) {
      if (!slotEquals(va, sa + i, da, vb, sb + i, db)) {
        return i;
      }
    }
    return -1;
  }

  static boolean hasDictionary(Field f) {
    if (f.getDictionary() != null) {
      return true;
    }
    for (Field c : f.getChildren()) {
      if (hasDictionary(c)) {
        return true;
      }
    }
    return false;
  }

  /** Value equality of slot i of a and slot j of b, decoding dictionaries. */
  static boolean slotEquals(
      ValueVector a, int i, DictionaryProvider da, ValueVector b, int j, DictionaryProvider db) {
    Field fa = a.getField();
    Field fb = b.getField();
    if (fa.getDictionary() != null || fb.getDictionary() != null) {
      if (a.isNull(i) || b.isNull(j)) {
        return a.isNull(i) && b.isNull(j);
      }
      if (fa.getDictionary() != null) {
        long index = ((BaseIntVector) a).getValueAsLong(i);
        a = dictionary(da, fa.getDictionary().getId()).getVector();
        i = Math.toIntExact(index);
      }
      if (fb.getDictionary() != null) {
        long index = ((BaseIntVector) b).getValueAsLong(j);
        b = dictionary(db, fb.getDictionary().getId()).getVector();
        j = Math.toIntExact(index);
      }
      return slotEquals(a, i, da, b, j, db);
    }
    if (!hasDictionary(fa) && !hasDictionary(fb)) {
      return new RangeEqualsVisitor(a, b, null).rangeEquals(new Range(i, j, 1));
    }
    if (a instanceof ExtensionTypeVector && b instanceof ExtensionTypeVector) {
      return slotEquals(
          ((ExtensionTypeVector<?>) a).getUnderlyingVector(), i, da,
          ((ExtensionTypeVector<?>) b).getUnderlyingVector(), j, db);
    }
    if (a instanceof DenseUnionVector && b instanceof DenseUnionVector) {
      DenseUnionVector ua = (DenseUnionVector) a;
      DenseUnionVector ub = (DenseUnionVector) b;
      byte ta = ua.getTypeId(i);
      if (ta != ub.getTypeId(j)) {
        return false;
      }
      return slotEquals(
          ua.getVectorByType(ta), ua.getOffset(i), da, ub.getVectorByType(ta), ub.getOffset(j), db);
    }
    if (a instanceof UnionVector && b instanceof UnionVector) {
      UnionVector ua = (UnionVector) a;
      UnionVector ub = (UnionVector) b;
      int ta = ua.getTypeValue(i);
      if (ta != ub.getTypeValue(j)) {
        return false;
      }
      return slotEquals(ua.getVectorByType(ta), i, da, ub.getVectorByType(ta), j, db);
    }
    if (a.isNull(i) || b.isNull(j)) {
      return a.isNull(i) && b.isNull(j);
    }
    if (a instanceof FixedSizeListVector && b instanceof FixedSizeListVector) {
      FixedSizeListVector la = (FixedSizeListVector) a;
      FixedSizeListVector lb = (FixedSizeListVector) b;
      int n = la.getListSize();
      if (n != lb.getListSize()) {
        return false;
      }
      for (int k = 0; k < n; k++) {
        if (!slotEquals(la.getDataVector(), i * n + k, da, lb.getDataVector(), j * n + k, db)) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof ListVector && b instanceof ListVector) { // includes MapVector
      ListVector la = (ListVector) a;
      ListVector lb = (ListVector) b;
      int startA = la.getElementStartIndex(i);
      int startB = lb.getElementStartIndex(j);
      int n = la.getElementEndIndex(i) - startA;
      if (n != lb.getElementEndIndex(j) - startB) {
        return false;
      }
      for (int k = 0; k < n; k++) {
        if (!slotEquals(la.getDataVector(), startA + k, da, lb.getDataVector(), startB + k, db)) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof LargeListVector && b instanceof LargeListVector) {
      LargeListVector la = (LargeListVector) a;
      LargeListVector lb = (LargeListVector) b;
      long startA = la.getElementStartIndex(i);
      long startB = lb.getElementStartIndex(j);
      long n = la.getElementEndIndex(i) - startA;
      if (n != lb.getElementEndIndex(j) - startB) {
        return false;
      }
      for (long k = 0; k < n; k++) {
        if (!slotEquals(la.getDataVector(), Math.toIntExact(startA + k), da,
            lb.getDataVector(), Math.toIntExact(startB + k), db)) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof NonNullableStructVector && b instanceof NonNullableStructVector) {
      List<FieldVector> ca = ((NonNullableStructVector) a).getChildrenFromFields();
      List<FieldVector> cb = ((NonNullableStructVector) b).getChildrenFromFields();
      if (ca.size() != cb.size()) {
        return false;
      }
      for (int k = 0; k < ca.size(); k++) {
        if (!slotEquals(ca.get(k), i, da, cb.get(k), j, db)) {
          return false;
        }
      }
      return true;
    }
    throw new UnsupportedOperationException(
        "cannot compare " + fa.getType() + " holding dictionary-encoded children");
  }

  private static Dictionary dictionary(DictionaryProvider p, long id) {
    Dictionary d = p.lookup(id);
    if (d == null) {
      throw new IllegalStateException("dictionary " + id + " missing");
    }
    return d;
  }

  private static String safe(ValueVector v, DictionaryProvider p, int i) {
    try {
      if (v.getField().getDictionary() != null && !v.isNull(i)) {
        long index = ((BaseIntVector) v).getValueAsLong(i);
        return safe(dictionary(p, v.getField().getDictionary().getId()).getVector(), p,
            Math.toIntExact(index));
      }
      Object o = v.getObject(i);
      String s = String.valueOf(o);
      return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    } catch (RuntimeException e) {
      return "<" + e.getClass().getSimpleName() + ">";
    }
  }

  private static String fieldsDifference(
      String path, List<Field> a, List<Field> b, Map<Long, Long> ids) {
    if (a.size() != b.size()) {
      return (path.isEmpty() ? "" : path + ": ") + a.size() + " vs " + b.size() + " fields";
    }
    for (int i = 0; i < a.size(); i++) {
      String d = fieldDifference(path, a.get(i), b.get(i), ids);
      if (d != null) {
        return d;
      }
    }
    return null;
  }

  private static String fieldDifference(String path, Field a, Field b, Map<Long, Long> ids) {
    String p = path.isEmpty() ? a.getName() : path + "." + a.getName();
    if (!a.getName().equals(b.getName())) {
      return p + ": name '" + a.getName() + "' vs '" + b.getName() + "'";
    }
    if (a.isNullable() != b.isNullable()) {
      return p + ": nullable " + a.isNullable() + " vs " + b.isNullable();
    }
    if (!a.getType().equals(b.getType())) {
      return p + ": type " + a.getType() + " vs " + b.getType();
    }
    if (!norm(a.getMetadata()).equals(norm(b.getMetadata()))) {
      return p + ": metadata " + norm(a.getMetadata()) + " vs " + norm(b.getMetadata());
    }
    DictionaryEncoding da = a.getDictionary();
    DictionaryEncoding db = b.getDictionary();
    if ((da == null) != (db == null)) {
      return p + ": dictionary-encoded " + (da != null) + " vs " + (db != null);
    }
    if (da != null) {
      if (da.isOrdered() != db.isOrdered()) {
        return p + ": dictionary ordered " + da.isOrdered() + " vs " + db.isOrdered();
      }
      if (!da.getIndexType().equals(db.getIndexType())) {
        return p + ": dictionary index type " + da.getIndexType() + " vs " + db.getIndexType();
      }
      Long mapped = ids.putIfAbsent(da.getId(), db.getId());
      if (mapped != null && mapped != db.getId()) {
        return p + ": dictionary sharing differs (id " + da.getId() + ")";
      }
    }
    return fieldsDifference(p, a.getChildren(), b.getChildren(), ids);
  }

  private static Map<String, String> norm(Map<String, String> m) {
    return m == null ? Collections.emptyMap() : m;
  }
}
