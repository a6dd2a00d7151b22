package dev.flightwire.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;

/**
 * The rows of a batch that pass a scan's filters (a conjunction), tested cell by cell
 * ({@link CellTests}).
 *
 * <p>The contract with clients: a row is left out only when it fails a filter; a filter that
 * cannot be applied to its column's type is skipped, which keeps the rows it would have left out.
 * So the rows sent are a superset of the matching rows, and a client re-checks every filter.
 * Thread-safe (no state but the filters).
 */
final class RowFilter {
  private final List<ScanFilter> filters;

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
    List<IntPredicate> tests = new ArrayList<>();
    for (ScanFilter f : filters) {
      IntPredicate t = CellTests.compile(f, batch.getVector(f.column()), dictionaries);
      if (t != null) {
        tests.add(t);
      }
    }
    if (tests.isEmpty()) {
      return null;
    }
    IntPredicate[] all = tests.toArray(new IntPredicate[0]);
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
}
