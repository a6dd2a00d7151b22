package dev.flightwire.wire;

import dev.flightwire.testing.TestDirs;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.JsonFileReader;
import org.apache.arrow.vector.ipc.JsonFileWriter;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The data of the JSON round trip in both forms the peers read: Arrow integration JSON (Arrow
 * Java, our client) and Arrow IPC streams (pyarrow). Sources: every type case of
 * wire-tests/python/gen_types.py (IPC, converted to JSON), the Java peer's JSON files and ours
 * (converted to IPC). A file Arrow Java cannot convert is left out with its reason.
 */
final class IntegrationFiles {
  /** One data set: its name, its JSON and its IPC stream form. */
  record DataFile(String name, Path json, Path arrows) {
    @Override
    public String toString() {
      return name;
    }

    boolean hasDictionaries() {
      return name.contains("dictionary");
    }
  }

  private static List<DataFile> files;
  private static final Map<String, String> LEFT_OUT = new TreeMap<>();

  private IntegrationFiles() {}

  static synchronized List<DataFile> all() throws Exception {
    if (files != null) {
      return files;
    }
    Path out = TestDirs.target("integration-files");
    Files.createDirectories(out);
    List<DataFile> list = new ArrayList<>();
    try (BufferAllocator allocator = new RootAllocator()) {
      try (var s = Files.list(WireEnv.dataDir())) {
        for (Path arrows : s.filter(p -> p.toString().endsWith(".arrows")).sorted().toList()) {
          String name = arrows.getFileName().toString().replace(".arrows", "");
          Path json = out.resolve(name + ".json");
          try {
            toJson(allocator, arrows, json);
            list.add(new DataFile(name, json, arrows));
          } catch (Exception | AssertionError e) {
            // the Arrow Java peer reads only JSON; everyone else takes the IPC stream
            LEFT_OUT.put(name, "Arrow Java cannot write it as integration JSON: " + e);
            list.add(new DataFile(name, null, arrows));
          }
        }
      }
      List<Path> jsons = new ArrayList<>();
      jsons.add(Paths.get("src/test/resources/integration/primitive.json").toAbsolutePath());
      jsons.add(Paths.get("src/test/resources/integration/dictionary.json").toAbsolutePath());
      try (var s = Files.list(WireEnv.wireTests().resolve("java-peer/src/test-data/integration"))) {
        s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(jsons::add);
      }
      for (Path json : jsons) {
        String name = (json.startsWith(WireEnv.wireTests()) ? "java-peer-" : "flightwire-")
            + json.getFileName().toString().replace(".json", "");
        Path arrows = out.resolve(name + ".arrows");
        toArrows(allocator, json, arrows);
        list.add(new DataFile(name, json, arrows));
      }
    }
    files = list;
    return files;
  }

  static Map<String, String> leftOut() {
    return LEFT_OUT;
  }

  private static void toJson(BufferAllocator allocator, Path arrows, Path json) throws IOException {
    try (FileInputStream in = new FileInputStream(arrows.toFile());
        ArrowStreamReader reader = new ArrowStreamReader(in, allocator)) {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      try (JsonFileWriter writer = new JsonFileWriter(json.toFile(), JsonFileWriter.config().pretty(false))) {
        // the stream's dictionaries load with its first batch: read it before writing the header
        boolean more = reader.loadNextBatch();
        writer.start(root.getSchema(), reader);
        while (more) {
          writer.write(root);
          more = reader.loadNextBatch();
        }
      }
    }
    // check it reads back
    try (JsonFileReader check = new JsonFileReader(json.toFile(), allocator)) {
      check.start();
      VectorSchemaRoot r;
      while ((r = check.read()) != null) {
        r.close();
      }
    }
  }

  private static void toArrows(BufferAllocator allocator, Path json, Path arrows) throws IOException {
    try (JsonFileReader reader = new JsonFileReader(json.toFile(), allocator)) {
      Schema schema = reader.start();
      try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
          FileOutputStream out = new FileOutputStream(arrows.toFile());
          ArrowStreamWriter writer = new ArrowStreamWriter(root, reader, out)) {
        writer.start();
        while (reader.read(root)) {
          writer.writeBatch();
        }
        writer.end();
      }
    }
  }

  static File file(Path p) {
    return p.toFile();
  }
}
