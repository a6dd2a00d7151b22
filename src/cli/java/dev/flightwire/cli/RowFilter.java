package dev.flightwire.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;

/**
 * The rows of a batch that pass a scan's filters (a conjunction), tested cell by cell
 * ({@link CellTests}).
 *
 * <p>The contract with clients: a row is left out only when it fails a filter; a filter that
 * cannot be applied to its column's type is skipped, which keeps the rows it would have left out.
 * So the rows sent are a superset of the matching rows, and a client re-checks every filter.
 *
 * <p>The tests are compiled once per stream: a source loads each batch into the same vectors, so
 * the tests compiled for the first batch serve the next. They are compiled again only when a
 * filtered column's vector, or its dictionary's vector, is another object than before. Not
 * thread-safe: one per stream, used by one thread at a time.
 */
final class RowFilter {
  private final List<ScanFilter> filters;
  /** The vectors the tests read (per filter: the column's, its dictionary's or null), by identity. */
  private Object[] compiledFor;
  private IntPredicate[] tests;
  private int compilations;

  /** @param filters a conjunction, not empty */
  RowFilter(List<ScanFilter> filters) {
    this.filters = List.copyOf(filters);
  }

  /**
   * The rows of {@code batch} (borrowed) to send, ascending, or null when every row is sent.
   *
   * @param dictionaries the dictionaries of its dictionary-encoded columns (borrowed), or null
   */
  int[] select(VectorSchemaRoot batch, DictionaryProvider dictionaries) {
    Object[] vectors = vectorsOf(batch, dictionaries);
    if (tests == null || !sameObjects(vectors, compiledFor)) {
      tests = compile(batch, dictionaries);
      compiledFor = vectors;
      compilations++;
    }
    if (tests.length == 0) {
      return null;
    }
    IntPredicate[] all = tests;
    int n = batch.getRowCount();
    int[] rows = new int[n];
    int count = 0;
    for (int r = 0; r < n; r++) {
      boolean pass = true;
      for (IntPredicate t : all) {
        if (!t.test(r)) {
          pass = false;
          break;
        }
      }
      if (pass) {
        rows[count++] = r;
      }
    }
    return count == n ? null : Arrays.copyOf(rows, count);
  }

  /** How many times the tests were compiled (for tests: once per stream, as a rule). */
  int compilations() {
    return compilations;
  }

  private IntPredicate[] compile(VectorSchemaRoot batch, DictionaryProvider dictionaries) {
    List<IntPredicate> out = new ArrayList<>();
    for (ScanFilter f : filters) {
      IntPredicate t = CellTests.compile(f, batch.getVector(f.column()), dictionaries);
      if (t != null) {
        out.add(t);
      }
    }
    return out.toArray(new IntPredicate[0]);
  }

  private Object[] vectorsOf(VectorSchemaRoot batch, DictionaryProvider dictionaries) {
    Object[] out = new Object[2 * filters.size()];
    for (int i = 0; i < filters.size(); i++) {
      FieldVector v = batch.getVector(filters.get(i).column());
      out[2 * i] = v;
      DictionaryEncoding encoding = v == null ? null : v.getField().getDictionary();
      Dictionary d = encoding == null || dictionaries == null ? null : dictionaries.lookup(encoding.getId());
      out[2 * i + 1] = d == null ? null : d.getVector();
    }
    return out;
  }

  private static boolean sameObjects(Object[] a, Object[] b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    return true;
  }
}
