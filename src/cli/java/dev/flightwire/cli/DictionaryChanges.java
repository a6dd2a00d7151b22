package dev.flightwire.cli;

import dev.flightwire.internal.ipc.VectorShare;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.compare.Range;
import org.apache.arrow.vector.compare.RangeEqualsVisitor;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Notices when the dictionaries of a reader that replaces them in place (Arrow's IPC readers,
 * ours) change between batches: keeps a copy that shares the buffers of each dictionary as last
 * seen (accounted to the dictionary's allocator). Owns those copies until {@link #close()}. Not thread-safe.
 */
final class DictionaryChanges implements AutoCloseable {
  private final DictionaryProvider dictionaries;
  private final Map<Long, FieldVector> seen = new HashMap<>();

  /** Borrows {@code dictionaries}, which may be null (no dictionary-encoded field). */
  DictionaryChanges(DictionaryProvider dictionaries) {
    this.dictionaries = dictionaries;
  }

  /**
   * The ids of the dictionaries that differ from the last call (all of them on the first call),
   * remembering their current content.
   */
  List<Long> changed() {
    List<Long> out = new ArrayList<>();
    if (dictionaries == null) {
      return out;
    }
    for (long id : dictionaries.getDictionaryIds()) {
      FieldVector now = dictionaries.lookup(id).getVector();
      FieldVector then = seen.get(id);
      if (then != null && then.getValueCount() == now.getValueCount()
          && new RangeEqualsVisitor(then, now).rangeEquals(new Range(0, 0, then.getValueCount()))) {
        continue;
      }
      out.add(id);
      FieldVector copy = VectorShare.share(now, now.getAllocator());
      if (then != null) {
        then.close();
      }
      seen.put(id, copy);
    }
    return out;
  }

  /** The name of the top-level column whose field (or a child's) uses dictionary {@code id}. */
  static String columnOf(Schema schema, long id) {
    for (Field f : schema.getFields()) {
      if (usesDictionary(f, id)) {
        return "\"" + f.getName() + "\"";
      }
    }
    return "with dictionary " + id;
  }

  /** Whether {@code f} or one of its descendants is dictionary-encoded. */
  static boolean usesAnyDictionary(Field f) {
    if (f.getDictionary() != null) {
      return true;
    }
    for (Field c : f.getChildren()) {
      if (usesAnyDictionary(c)) {
        return true;
      }
    }
    return false;
  }

  private static boolean usesDictionary(Field f, long id) {
    if (f.getDictionary() != null && f.getDictionary().getId() == id) {
      return true;
    }
    for (Field c : f.getChildren()) {
      if (usesDictionary(c, id)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    seen.values().forEach(FieldVector::close);
    seen.clear();
  }
}
