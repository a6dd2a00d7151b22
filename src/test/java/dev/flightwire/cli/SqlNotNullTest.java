package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.Location;
import dev.flightwire.sql.FlightSqlClient;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve --sql}: a file's non-nullable columns are described as such by GetTables (which
 * JDBC's getColumns reads), and a file that breaks its own schema (nulls in a non-nullable
 * column) still loads, the column then nullable.
 */
class SqlNotNullTest {
  @TempDir
  Path dir;

  /** Writes {@code id} (int64, non-nullable) and {@code note} (utf8, nullable); {@code idNull} puts a null in id. */
  private static void write(Path file, BufferAllocator allocator, boolean idNull) throws Exception {
    try (BigIntVector id = new BigIntVector("id", FieldType.notNullable(new ArrowType.Int(64, true)), allocator);
        VarCharVector note = new VarCharVector("note", allocator)) {
      id.setSafe(0, 1);
      if (idNull) {
        id.setNull(1);
      } else {
        id.setSafe(1, 2);
      }
      id.setValueCount(2);
      note.setSafe(0, "a".getBytes(StandardCharsets.UTF_8));
      note.setNull(1);
      note.setValueCount(2);
      writeFile(file, new VectorSchemaRoot(List.of(id.getField(), note.getField()), List.of(id, note), 2));
    }
  }

  /** Writes {@code root} (borrowed) as the one batch of a new Arrow IPC file. */
  private static void writeFile(Path file, VectorSchemaRoot root) throws Exception {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ArrowFileWriter w = new ArrowFileWriter(root, null, ch)) {
      w.start();
      w.writeBatch();
      w.end();
    }
  }

  /** Writes {@code a} (int64, nullable, no nulls) and {@code A} (int64, non-nullable): names equal but for case. */
  private static void writeCased(Path file, BufferAllocator allocator) throws Exception {
    try (BigIntVector lower = new BigIntVector("a", FieldType.nullable(new ArrowType.Int(64, true)), allocator);
        BigIntVector upper = new BigIntVector("A", FieldType.notNullable(new ArrowType.Int(64, true)), allocator)) {
      lower.setSafe(0, 1);
      lower.setValueCount(1);
      upper.setSafe(0, 2);
      upper.setValueCount(1);
      writeFile(file, new VectorSchemaRoot(List.of(lower.getField(), upper.getField()), List.of(lower, upper), 1));
    }
  }

  @Test
  void nonNullableColumnsOfAFileAreDescribedSo() throws Exception {
    try (BufferAllocator allocator = new RootAllocator()) {
      write(dir.resolve("strict.arrow"), allocator, false);
      write(dir.resolve("liar.arrow"), allocator, true);
      writeCased(dir.resolve("cased.arrow"), allocator);
      List<String> found = new ArrayList<>();
      try (SqlEngine engine = new SqlEngine()) {
        DirectoryService files = new DirectoryService(dir, allocator);
        SqlTables tables = new SqlTables(engine, files.paths(), allocator);
        assertEquals(List.of(), tables.loadAll());
        SqlService service = new SqlService(engine, tables, files, allocator);
        try (FlightServer server = FlightServer.builder(allocator, Location.forGrpcTcp("127.0.0.1", 0), service)
                .build().start();
            FlightClient client = FlightClient.connect(server.location(),
                FlightClientOptions.builder().allocator(allocator).build())) {
          FlightSqlClient sql = new FlightSqlClient(client);
          // a table created by bulk ingestion keeps the upload's non-nullable columns too
          try (BigIntVector id = new BigIntVector("id", FieldType.notNullable(new ArrowType.Int(64, true)), allocator);
              VarCharVector note = new VarCharVector("note", allocator)) {
            id.setSafe(0, 7);
            id.setValueCount(1);
            note.setNull(0);
            note.setValueCount(1);
            try (VectorSchemaRoot root = new VectorSchemaRoot(List.of(id.getField(), note.getField()),
                List.of(id, note), 1)) {
              assertEquals(1, sql.executeIngest(root, new dev.flightwire.sql.StatementIngest(
                  new dev.flightwire.sql.TableDefinitionOptions(
                      dev.flightwire.sql.TableDefinitionOptions.TableNotExistOption.CREATE,
                      dev.flightwire.sql.TableDefinitionOptions.TableExistsOption.FAIL),
                  "ingested", null, null, false, null, java.util.Map.of())));
            }
          }
          FlightInfo info = sql.getTables(null, null, "%", List.of(), true);
          try (FlightStreamReader r = sql.getStream(info.endpoints().get(0).ticket())) {
            while (r.next()) {
              for (int i = 0; i < r.root().getRowCount(); i++) {
                Schema schema = Schema.deserializeMessage(ByteBuffer.wrap((byte[]) r.root().getVector(4).getObject(i)));
                List<String> columns = new ArrayList<>();
                for (Field f : schema.getFields()) {
                  columns.add(f.getName() + (f.isNullable() ? " null" : " not null"));
                }
                found.add(r.root().getVector(2).getObject(i) + " " + columns);
              }
            }
          }
          // the liar's rows are all there
          try (FlightStreamReader r = sql.getStream(sql.execute("SELECT count(*) FROM liar WHERE id IS NULL")
              .endpoints().get(0).ticket())) {
            r.next();
            assertEquals("1", r.root().getVector(0).getObject(0).toString());
          }
          client.close();
          long deadline = System.nanoTime() + 10_000_000_000L;
          while (service.openConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
          }
          assertEquals(0, service.openConnections(), "engine connections still open");
        }
      }
      // the engine renames the second of two names equal but for case; the constraint follows the field
      assertEquals(List.of("cased [a null, A_1 not null]", "ingested [id not null, note null]",
          "liar [id null, note null]", "strict [id not null, note null]"), found);
    }
  }
}
