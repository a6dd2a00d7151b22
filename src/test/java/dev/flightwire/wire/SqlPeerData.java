package dev.flightwire.wire;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The served directory of the Flight SQL peers (wire-tests/sql-peer/README.md): {@code people.arrow}
 * (4 rows) and {@code big.arrows} (1,000,000 rows), written anew for each test class.
 */
final class SqlPeerData {
  static final long BIG_ROWS = 1_000_000;
  private static final int BIG_BATCH = 65_536;

  private SqlPeerData() {}

  /** Empties {@code dir} and writes the two tables into it. */
  static Path write(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir);
    try (BufferAllocator allocator = new RootAllocator()) {
      writePeople(dir.resolve("people.arrow"), allocator);
      writeBig(dir.resolve("big.arrows"), allocator);
    }
    return dir;
  }

  private static void writePeople(Path file, BufferAllocator allocator) throws IOException {
    Schema schema = new Schema(List.of(
        new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
        Field.nullable("name", ArrowType.Utf8.INSTANCE),
        Field.nullable("score", new ArrowType.FloatingPoint(org.apache.arrow.vector.types.FloatingPointPrecision.DOUBLE))));
    String[] names = {"ada", "grace", "linus", "barbara"};
    double[] scores = {9.5, 8.25, 7.0};
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
         FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
         ArrowFileWriter writer = new ArrowFileWriter(root, null, ch)) {
      root.allocateNew();
      for (int i = 0; i < names.length; i++) {
        ((BigIntVector) root.getVector("id")).setSafe(i, i + 1);
        ((VarCharVector) root.getVector("name")).setSafe(i, names[i].getBytes(StandardCharsets.UTF_8));
        if (i < scores.length) {
          ((Float8Vector) root.getVector("score")).setSafe(i, scores[i]);
        } else {
          ((Float8Vector) root.getVector("score")).setNull(i);
        }
      }
      root.setRowCount(names.length);
      writer.start();
      writer.writeBatch();
      writer.end();
    }
  }

  private static void writeBig(Path file, BufferAllocator allocator) throws IOException {
    Schema schema = new Schema(List.of(new Field("n", FieldType.notNullable(new ArrowType.Int(64, true)), null)));
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
         FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
         ArrowStreamWriter writer = new ArrowStreamWriter(root, null, ch)) {
      BigIntVector n = (BigIntVector) root.getVector(0);
      writer.start();
      for (long from = 0; from < BIG_ROWS; from += BIG_BATCH) {
        int rows = (int) Math.min(BIG_BATCH, BIG_ROWS - from);
        n.allocateNew(rows);
        for (int i = 0; i < rows; i++) {
          n.set(i, from + i);
        }
        root.setRowCount(rows);
        writer.writeBatch();
      }
      writer.end();
    }
  }
}
