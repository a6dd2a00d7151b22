package dev.flightwire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The comparison the conformance checks rely on must see real differences, and only those. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TableDiffTest {
  private BufferAllocator allocator;
  private Path data;

  @BeforeAll
  void start() throws Exception {
    allocator = new RootAllocator();
    data = LocalConformanceTest.dataDir();
  }

  @AfterAll
  void stop() {
    allocator.close();
  }

  private StoredTable read(String name) throws Exception {
    return StoredTable.readFile(data.resolve(name + ".arrows"), allocator);
  }

  @Test
  void everyFileEqualsItself() throws Exception {
    for (String name : ConformanceServer.dataFileNames(data)) {
      try (StoredTable a = read(name); StoredTable b = read(name)) {
        assertNull(TableDiff.difference(a, b, true), name);
      }
    }
  }

  @Test
  void differentFilesDiffer() throws Exception {
    List<String> names = ConformanceServer.dataFileNames(data);
    for (int i = 0; i + 1 < names.size(); i++) {
      try (StoredTable a = read(names.get(i)); StoredTable b = read(names.get(i + 1))) {
        assertNotNull(TableDiff.difference(a, b, false), names.get(i) + " vs " + names.get(i + 1));
      }
    }
  }

  @Test
  void oneChangedValueIsFound() throws Exception {
    try (StoredTable a = read("primitive"); StoredTable b = read("primitive")) {
      IntVector v = (IntVector) b.batches.get(1).getVector("i32_not_null");
      v.set(3, v.get(3) + 1);
      String d = TableDiff.difference(a, b, true);
      assertNotNull(d);
      assertTrue(d.contains("i32_not_null") && d.contains("row 10"), d);
    }
  }

  @Test
  void dictionaryColumnsCompareByValue() throws Exception {
    try (StoredTable a = read("dictionary"); StoredTable b = read("dictionary")) {
      FieldVector fruit = b.batches.get(0).getVector("fruit");
      BaseIntVector idx = (BaseIntVector) fruit;
      int row = fruit.isNull(0) ? 2 : 0;
      idx.setWithPossibleTruncate(row, (idx.getValueAsLong(row) + 1) % 5);
      assertNotNull(TableDiff.difference(a, b, true));
    }
    try (StoredTable a = read("nested_dictionary"); StoredTable b = read("nested_dictionary")) {
      long id = StoredTable.dictionaryIds(b.schema).iterator().next();
      Dictionary d = b.dictionaries.lookup(id);
      VarCharVector words = (VarCharVector) d.getVector();
      for (int i = 0; i < words.getValueCount(); i++) {
        words.setSafe(i, ("w" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      assertNotNull(TableDiff.difference(a, b, true));
    }
  }

  @Test
  void batchBoundariesCountOnlyWhenAsked() {
    try (StoredTable three = ConformanceServer.makeInts(allocator); StoredTable one = mergedInts()) {
      assertEquals(List.of(30), one.batchRows());
      assertNull(TableDiff.difference(three, one, false));
      assertNotNull(TableDiff.difference(three, one, true));
    }
  }

  private StoredTable mergedInts() {
    VectorSchemaRoot all = VectorSchemaRoot.create(ConformanceServer.INTS_SCHEMA, allocator);
    all.allocateNew();
    for (int i = 0; i < 30; i++) {
      ((org.apache.arrow.vector.BigIntVector) all.getVector("id")).setSafe(i, i);
      ((VarCharVector) all.getVector("name")).setSafe(i, ("row-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    all.setRowCount(30);
    List<VectorSchemaRoot> roots = new ArrayList<>();
    roots.add(all);
    return StoredTable.ofRoots(ConformanceServer.INTS_SCHEMA, roots);
  }
}
