package dev.flightwire.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The library artifact is the library only: its jar holds no command-line, demo or integration
 * classes, and its POM, resolved as a project depending on it would resolve it, brings none of the
 * command line's dependencies (optional ones must stop at the library) and nothing beyond Netty,
 * Arrow, protobuf-javalite, SLF4J and the LZ4/ZSTD codecs. The runnable jar still holds all of it.
 *
 * <p>The dependent is a two-line project under target/consumer, built by a child Maven in one
 * reactor with this project (so the POM it reads is this pom.xml, the file {@code install} puts
 * in a repository, without installing anything); {@code dependency:collect} lists what it gets.
 */
class ArtifactContentsIT {
  private static final String VERSION = "0.1.0-SNAPSHOT";
  private static final List<String> CLI_PACKAGES = List.of(
      "dev/flightwire/cli/", "dev/flightwire/demo/", "dev/flightwire/internal/integration/");

  /**
   * Group ids a dependent may get, each with why: the library's own dependencies and theirs.
   */
  private static final Set<String> ALLOWED_GROUPS = Set.of(
      "dev.flightwire", // the library
      "io.netty", // HTTP/2, TLS, epoll, BoringSSL
      "org.apache.arrow", // vector, memory-core, format, compression
      "com.fasterxml.jackson.core", "com.fasterxml.jackson.datatype", // arrow-vector's
      "commons-codec", "com.google.flatbuffers", // arrow-vector's
      "com.github.luben", // ZSTD (arrow-compression's zstd-jni)
      "org.apache.commons", "commons-io", // LZ4 frames: commons-compress and its dependencies
      "at.yawk.lz4", // LZ4 frames: lz4-java
      "com.google.protobuf", // protobuf-javalite
      "org.slf4j"); // logging API

  private static Path libraryJar() {
    return existing(System.getProperty("flightwire.modulejar", "target/flightwire-" + VERSION + ".jar"));
  }

  private static Path existing(String path) {
    Path p = Paths.get(path).toAbsolutePath();
    if (!Files.exists(p)) {
      throw new AssertionError(p + " is missing: *IT tests run after `package` (mvn verify)");
    }
    return p;
  }

  private static List<String> entries(Path jar) throws IOException {
    try (JarFile f = new JarFile(jar.toFile())) {
      return f.stream().map(e -> e.getName()).collect(Collectors.toList());
    }
  }

  private static List<String> under(List<String> entries, List<String> prefixes) {
    return entries.stream().filter(n -> prefixes.stream().anyMatch(n::startsWith)).collect(Collectors.toList());
  }

  @Test
  void theLibraryJarHoldsNoCommandLineClasses() throws IOException {
    List<String> library = entries(libraryJar());
    assertTrue(library.contains("dev/flightwire/FlightClient.class"), "not the library jar?");
    assertEquals(List.of(), under(library, CLI_PACKAGES));
    assertEquals(List.of(), under(library, List.of("de/siegmar/", "picocli/")));

    Path sources = existing("target/flightwire-" + VERSION + "-sources.jar");
    assertEquals(List.of(), under(entries(sources), CLI_PACKAGES));
  }

  @Test
  void theRunnableJarHoldsTheCommandLineAndItsDependencies() throws IOException {
    List<String> fat = entries(existing("target/flightwire.jar"));
    for (String name : List.of("dev/flightwire/cli/Main.class", "dev/flightwire/demo/DemoService.class",
        "dev/flightwire/internal/integration/Scenarios.class", "dev/flightwire/FlightClient.class",
        "de/siegmar/fastcsv/reader/CsvReader.class",
        "org/apache/arrow/memory/unsafe/DefaultAllocationManagerFactory.class")) {
      assertTrue(fat.contains(name), name + " is missing from target/flightwire.jar");
    }
  }

  @Test
  void aDependentProjectGetsNoCommandLineDependency() throws Exception {
    Path base = Paths.get("").toAbsolutePath();
    Path dir = base.resolve("target/consumer");
    Files.createDirectories(dir.resolve("app"));
    Files.writeString(dir.resolve("pom.xml"), pom("consumer-reactor", "<packaging>pom</packaging>\n"
        + "  <modules><module>../..</module><module>app</module></modules>\n"));
    Files.writeString(dir.resolve("app/pom.xml"), pom("consumer", "<dependencies><dependency>"
        + "<groupId>dev.flightwire</groupId><artifactId>flightwire</artifactId><version>" + VERSION
        + "</version></dependency></dependencies>\n"));
    // both reactor projects write it, the library first: what remains is the dependent's list
    Path list = dir.resolve("dependencies.txt");
    Path log = dir.resolve("maven.log");
    Files.deleteIfExists(list);

    List<String> command = new ArrayList<>(List.of(System.getProperty("flightwire.mvn", "mvn"), "-B", "-q",
        "-f", dir.resolve("pom.xml").toString(), "-pl", "app", "-am",
        "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:collect", "-DoutputFile=" + list));
    if (System.getProperty("flightwire.mvn.offline", "").equals("offline=true")) {
      command.add("-o");
    }
    String repo = System.getProperty("flightwire.mvn.repo");
    if (repo != null && !repo.isEmpty()) {
      command.add("-Dmaven.repo.local=" + repo);
    }
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    p.getOutputStream().close();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the dependent's Maven build did not finish in 5 minutes: " + command);
    }
    assertEquals(0, p.exitValue(), command + "\n" + Files.readString(log, StandardCharsets.UTF_8));

    // lines like "   io.netty:netty-handler:jar:4.2.18.Final:compile"
    List<String[]> artifacts = Files.readAllLines(list, StandardCharsets.UTF_8).stream()
        .map(String::strip).filter(l -> l.split(":").length >= 5).map(l -> l.split(":"))
        .collect(Collectors.toList());
    Set<String> names = artifacts.stream().map(a -> a[0] + ":" + a[1]).collect(Collectors.toCollection(TreeSet::new));
    assertTrue(names.contains("dev.flightwire:flightwire") && names.contains("io.netty:netty-codec-http2"),
        "not the dependent's list: " + names);
    for (String cli : List.of("de.siegmar:fastcsv", "info.picocli:picocli", "org.apache.arrow:arrow-memory-unsafe",
        "org.apache.arrow:arrow-memory-netty", "io.opentelemetry:opentelemetry-api")) {
      assertFalse(names.contains(cli), cli + " reaches a dependent: " + names);
    }
    Set<String> groups = artifacts.stream().map(a -> a[0]).collect(Collectors.toCollection(TreeSet::new));
    groups.removeAll(ALLOWED_GROUPS);
    assertEquals(Set.of(), groups, "unexpected dependencies of the library: " + names);
    for (String[] a : artifacts) {
      String scope = a[a.length - 1].replace(" (optional)", "");
      assertTrue(scope.equals("compile") || scope.equals("runtime"), String.join(":", a));
    }
  }

  private static String pom(String artifactId, String rest) {
    return "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">\n  <modelVersion>4.0.0</modelVersion>\n"
        + "  <groupId>dev.flightwire.it</groupId><artifactId>" + artifactId + "</artifactId><version>1</version>\n  "
        + rest + "</project>\n";
  }
}
