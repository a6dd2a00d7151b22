package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the public packages thin: no source file of {@code dev.flightwire},
 * {@code dev.flightwire.auth}, {@code dev.flightwire.middleware} or {@code dev.flightwire.sql} names
 * Netty, the protobuf runtime or the generated Flight.proto classes, by import or fully qualified. Conversions live in
 * {@code internal.convert}, transport and call plumbing in {@code internal.client} and
 * {@code internal.server}. Comments and string literals are not checked.
 */
class PublicPackagesTest {
  private static final Path ROOT = Paths.get("src/main/java/dev/flightwire");
  private static final List<Path> PACKAGES = List.of(ROOT, ROOT.resolve("auth"), ROOT.resolve("middleware"),
      ROOT.resolve("sql"));
  private static final Pattern FORBIDDEN =
      Pattern.compile("\\b(io\\.netty|com\\.google\\.protobuf|dev\\.flightwire\\.internal\\.proto)\\.[\\w.]*");

  /**
   * The one use that stays, for a stated reason: {@code FlightClientOptions.eventLoopGroup} takes
   * and returns Netty's EventLoopGroup so that an application already running Netty can share its
   * event loops with its clients (module-info requires io.netty.transport transitively for it;
   * DESIGN.md, the public API).
   */
  private static final Map<String, Set<String>> ALLOWED = Map.of(
      "FlightClientOptions.java", Set.of("io.netty.channel.EventLoopGroup"));

  @Test
  void publicPackagesNameNoNettyOrProtobufClass() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path dir : PACKAGES) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java")).sorted()::iterator) {
          found.addAll(violations(f.getFileName().toString(), Files.readString(f)));
        }
      }
    }
    assertTrue(found.isEmpty(), "the public packages must not name these (move the code to dev.flightwire.internal.*):\n  "
        + String.join("\n  ", found));
  }

  @Test
  void theCheckCatchesAnImportAndAFullyQualifiedUse() {
    String source = "package dev.flightwire;\n\nimport io.netty.buffer.ByteBuf;\n// io.netty.Comment is fine\n"
        + "class X {\n  String s = \"com.google.protobuf.InString\";\n"
        + "  dev.flightwire.internal.proto.Ticket t;\n  com.google.protobuf.ByteString b;\n}\n";
    assertEquals(List.of("X.java:3: io.netty.buffer.ByteBuf", "X.java:7: dev.flightwire.internal.proto.Ticket",
        "X.java:8: com.google.protobuf.ByteString"), violations("X.java", source));
  }

  @Test
  void theAllowanceIsPerFileAndPerName() {
    assertEquals(List.of("FlightClientOptions.java:1: io.netty.buffer.ByteBuf"),
        violations("FlightClientOptions.java", "io.netty.buffer.ByteBuf b; io.netty.channel.EventLoopGroup g;"));
  }

  /** "File:line: name" for each forbidden name in code (not in comments or string literals). */
  static List<String> violations(String file, String source) {
    String code = blankCommentsAndStrings(source);
    List<String> out = new ArrayList<>();
    Matcher m = FORBIDDEN.matcher(code);
    while (m.find()) {
      String name = m.group().replaceAll("\\.$", "");
      if (ALLOWED.getOrDefault(file, Set.of()).contains(name)) {
        continue;
      }
      int line = 1;
      for (int i = 0; i < m.start(); i++) {
        if (code.charAt(i) == '\n') {
          line++;
        }
      }
      out.add(file + ":" + line + ": " + name);
    }
    return out;
  }

  /** The source with comments and string and char literals replaced by spaces (newlines kept). */
  private static String blankCommentsAndStrings(String s) {
    StringBuilder b = new StringBuilder(s);
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      int end;
      if (s.startsWith("//", i)) {
        end = s.indexOf('\n', i);
        end = end < 0 ? s.length() : end;
      } else if (s.startsWith("/*", i)) {
        end = s.indexOf("*/", i + 2);
        end = end < 0 ? s.length() : end + 2;
      } else if (c == '"' || c == '\'') {
        end = i + 1;
        while (end < s.length() && s.charAt(end) != c) {
          end += s.charAt(end) == '\\' ? 2 : 1;
        }
        end = Math.min(end + 1, s.length());
      } else {
        i++;
        continue;
      }
      for (int j = i; j < end; j++) {
        if (b.charAt(j) != '\n') {
          b.setCharAt(j, ' ');
        }
      }
      i = end;
    }
    return b.toString();
  }
}
