package dev.flightwire.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * Whether the SQL engine's jars are there. They are not inside the runnable jar (DuckDB's is
 * 80 MB): the build copies them to {@code lib/} beside it, and its manifest's Class-Path names
 * them. A missing one is named in the error, as the manifest names it.
 */
final class SqlEngineJars {
  private SqlEngineJars() {}

  /** Null when the engine can load, else what is missing and where it was looked for. */
  static String problem() {
    List<String> missing = new ArrayList<>();
    if (!loadable("org.duckdb.DuckDBConnection")) {
      missing.add(jarName("duckdb_jdbc", "DuckDB's JDBC driver, org.duckdb:duckdb_jdbc"));
    }
    if (!loadable("org.apache.arrow.c.ArrowArrayStream")) {
      missing.add(jarName("arrow-c-data", "Arrow's C data interface, org.apache.arrow:arrow-c-data"));
    }
    if (missing.isEmpty()) {
      return null;
    }
    return "serve --sql needs its SQL engine, which was not found: " + String.join(" and ", missing)
        + " (the build puts them in target/lib beside flightwire.jar; keep that directory beside the jar)";
  }

  private static boolean loadable(String className) {
    try {
      Class.forName(className, false, SqlEngineJars.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The jar as the running jar's Class-Path names it (with its directory), else a description. */
  private static String jarName(String artifact, String what) {
    for (String entry : classPath()) {
      if (entry.contains(artifact)) {
        return entry + " (" + what + ")";
      }
    }
    return what;
  }

  private static List<String> classPath() {
    try {
      CodeSource source = SqlEngineJars.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return List.of();
      }
      Path jar = Paths.get(source.getLocation().toURI());
      if (!Files.isRegularFile(jar)) {
        return List.of();
      }
      try (JarFile f = new JarFile(jar.toFile())) {
        String cp = f.getManifest() == null ? null : f.getManifest().getMainAttributes().getValue("Class-Path");
        List<String> out = new ArrayList<>();
        if (cp != null) {
          for (String entry : cp.trim().split("\\s+")) {
            out.add(jar.resolveSibling(entry).toString());
          }
        }
        return out;
      }
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return List.of();
    }
  }
}
