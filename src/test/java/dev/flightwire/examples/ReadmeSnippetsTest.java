package dev.flightwire.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's Java true: every line of every {@code java} block in README.md must appear,
 * in order, in one compiled source file of the examples (which ExamplesTest runs), the demo
 * service, or the Spark connector's tests (SparkDemoExampleTest runs the Spark example). Blocks
 * may leave lines out; they may not add or change any.
 */
class ReadmeSnippetsTest {
  private static final List<Path> SOURCES = List.of(
      Paths.get("src/test/java/dev/flightwire/examples"), Paths.get("src/cli/java/dev/flightwire/demo"),
      Paths.get("spark/tests/src/test/java/dev/flightwire/spark"));

  /** The fenced blocks of {@code markdown} whose info string is {@code language}. */
  static List<List<String>> blocks(String markdown, String language) {
    List<List<String>> out = new ArrayList<>();
    List<String> current = null;
    for (String line : markdown.split("\n", -1)) {
      if (current == null && line.trim().equals("```" + language)) {
        current = new ArrayList<>();
      } else if (current != null && line.trim().equals("```")) {
        out.add(current);
        current = null;
      } else if (current != null) {
        current.add(line);
      }
    }
    return out;
  }

  private static List<String> meaningful(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      String t = l.trim();
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }

  /** How many block lines are found, in order, in {@code file} before the first that is not. */
  private static int matched(List<String> block, List<String> file) {
    int at = 0;
    for (int i = 0; i < block.size(); i++) {
      while (at < file.size() && !file.get(at).equals(block.get(i))) {
        at++;
      }
      if (at == file.size()) {
        return i;
      }
      at++;
    }
    return block.size();
  }

  @Test
  void everyJavaBlockIsCompiledCode() throws IOException {
    List<List<String>> blocks = blocks(Files.readString(Paths.get("README.md")), "java");
    assertFalse(blocks.isEmpty(), "README.md has no java blocks");
    List<List<String>> files = new ArrayList<>();
    for (Path dir : SOURCES) {
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".java"))::iterator) {
          files.add(meaningful(Files.readAllLines(p)));
        }
      }
    }
    for (List<String> block : blocks) {
      List<String> lines = meaningful(block);
      int best = 0;
      for (List<String> file : files) {
        best = Math.max(best, matched(lines, file));
      }
      if (best < lines.size()) {
        fail("README java block starting '" + lines.get(0) + "' is not in any example source: no source has"
            + " its line '" + lines.get(best) + "' after the ones before it");
      }
    }
    assertTrue(blocks.size() >= 4, "the tour and the seed examples are in the README");
  }
}
