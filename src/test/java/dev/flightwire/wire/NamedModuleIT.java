package dev.flightwire.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.Action;
import dev.flightwire.DoPutStreams;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.Location;
import dev.flightwire.Result;
import dev.flightwire.testing.Int64Data;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.table.Table;
import org.junit.jupiter.api.Test;

/**
 * The plain jar is the module {@code dev.flightwire}: it exports exactly the public packages (and
 * two internal ones only to the command line's module), holds no command-line code, and with the
 * command line's jar (the module {@code dev.flightwire.cli}) and the runtime dependencies on the
 * module path (target/modules) the demo service runs from them as named modules, answering our
 * client over the wire. The child JVM is this one's
 * {@code java} unless {@code -Dflightwire.it.java=/path/to/bin/java} names another (a newer JDK).
 */
class NamedModuleIT {
  private static final Pattern LISTENING = Pattern.compile("listening on grpc\\+tcp://localhost:(\\d+)");
  private static final String ARROW_OPENS = "java.base/java.nio=org.apache.arrow.memory.core";

  private static Path moduleJar() {
    Path jar = Paths.get(System.getProperty("flightwire.modulejar", "target/flightwire-0.1.0-SNAPSHOT.jar"))
        .toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new AssertionError(jar + " is missing: *IT tests run after `package` (mvn verify)");
    }
    return jar;
  }

  private static Path cliJar() {
    Path jar = Paths.get(System.getProperty("flightwire.clijar", "target/flightwire-cli-0.1.0-SNAPSHOT.jar"))
        .toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new AssertionError(jar + " is missing: *IT tests run after `package` (mvn verify)");
    }
    return jar;
  }

  private static Path modulesDir() {
    Path dir = Paths.get(System.getProperty("flightwire.modules", "target/modules")).toAbsolutePath();
    if (!Files.isDirectory(dir)) {
      throw new AssertionError(dir + " is missing: `package` copies the runtime dependencies there");
    }
    return dir;
  }

  private static List<String> onModulePath(String... args) {
    String javaBin = System.getProperty("flightwire.it.java",
        Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    List<String> c = new ArrayList<>(List.of(javaBin, "--module-path",
        moduleJar() + File.pathSeparator + cliJar() + File.pathSeparator + modulesDir(), "--add-opens", ARROW_OPENS,
        "-m", "dev.flightwire.cli/dev.flightwire.cli.Main"));
    c.addAll(List.of(args));
    return c;
  }

  @Test
  void theJarIsTheModuleExportingOnlyThePublicApi() {
    Set<ModuleReference> found = ModuleFinder.of(moduleJar()).findAll();
    assertEquals(1, found.size());
    ModuleDescriptor d = found.iterator().next().descriptor();
    assertEquals("dev.flightwire", d.name());
    assertFalse(d.isAutomatic(), "the jar has a module-info.class");
    assertEquals(Set.of("dev.flightwire", "dev.flightwire.auth", "dev.flightwire.middleware", "dev.flightwire.sql"),
        d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
            .collect(Collectors.toSet()));
    for (ModuleDescriptor.Exports e : d.exports()) {
      if (e.isQualified()) {
        assertEquals(Set.of("dev.flightwire.cli"), e.targets(), e.toString());
      }
    }
    assertTrue(d.opens().isEmpty(), d.opens().toString());
    assertTrue(d.packages().containsAll(Set.of("dev.flightwire.internal.proto", "dev.flightwire.internal.grpc")),
        d.packages().toString());
    assertTrue(d.packages().stream().noneMatch(p -> p.equals("dev.flightwire.cli") || p.equals("dev.flightwire.demo")
        || p.equals("dev.flightwire.internal.integration")), d.packages().toString());
    assertTrue(d.rawVersion().isPresent(), "the module records its version");
  }

  @Test
  void theCliJarIsTheModuleOfTheCommandLine() {
    Set<ModuleReference> found = ModuleFinder.of(cliJar()).findAll();
    assertEquals(1, found.size());
    ModuleDescriptor d = found.iterator().next().descriptor();
    assertEquals("dev.flightwire.cli", d.name());
    assertTrue(d.exports().isEmpty(), d.exports().toString());
    assertEquals(Set.of("dev.flightwire.cli", "dev.flightwire.demo", "dev.flightwire.internal.integration"),
        d.packages());
    assertTrue(d.rawVersion().isPresent(), "the module records its version");
  }

  /**
   * Resolved in a layer of its own (as an application on the module path would see it), the
   * exported API is usable from outside the module and the internal packages are not.
   */
  @Test
  void internalPackagesAreNotAccessibleFromOutsideTheModule() throws Exception {
    ModuleFinder finder = ModuleFinder.of(moduleJar(), modulesDir());
    Configuration cf = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), Set.of("dev.flightwire"));
    ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getSystemClassLoader());
    Module module = layer.findModule("dev.flightwire").orElseThrow();
    ClassLoader loader = layer.findLoader("dev.flightwire");

    Class<?> location = Class.forName("dev.flightwire.Location", false, loader);
    assertEquals(module, location.getModule());
    Object made = location.getMethod("forGrpcTcp", String.class, int.class).invoke(null, "example", 1);
    assertEquals("grpc+tcp://example:1", made.toString());

    Class<?> framing = Class.forName("dev.flightwire.internal.grpc.GrpcFraming", false, loader);
    assertFalse(module.isExported("dev.flightwire.internal.grpc"));
    assertFalse(module.isOpen("dev.flightwire.internal.proto"));
    Method publicStatic = java.util.Arrays.stream(framing.getMethods())
        .filter(m -> m.getDeclaringClass() == framing && java.lang.reflect.Modifier.isStatic(m.getModifiers()))
        .findFirst().orElseThrow();
    assertThrows(IllegalAccessException.class,
        () -> publicStatic.invoke(null, new Object[publicStatic.getParameterCount()]));
  }

  @Test
  void versionReportsTheNamedModule() throws Exception {
    PeerProcess.Output out = PeerProcess.run(onModulePath("version"), 60, TimeUnit.SECONDS);
    assertEquals(0, out.exitCode(), out.text());
    String version = ModuleFinder.of(moduleJar()).findAll().iterator().next().descriptor().rawVersion().orElseThrow();
    assertTrue(out.text().startsWith("flightwire " + version + " (module dev.flightwire)"), out.text());
  }

  @Test
  void theDemoServiceRunsAsANamedModule() throws Exception {
    Process p = new ProcessBuilder(onModulePath("serve", "--port", "0")).redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      StringBuilder seen = new StringBuilder();
      int port = -1;
      String line;
      while ((line = out.readLine()) != null) {
        seen.append(line).append('\n');
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          port = Integer.parseInt(m.group(1));
          break;
        }
      }
      assertTrue(port > 0, "serve did not start on the module path:\n" + seen);
      Thread drain = new Thread(() -> {
        try {
          while (out.readLine() != null) {
            // call log
          }
        } catch (IOException ignored) {
          // process ended
        }
      });
      drain.setDaemon(true);
      drain.start();

      try (BufferAllocator allocator = new RootAllocator();
          FlightClient client = FlightClient.connect(Location.forGrpcTcp("localhost", port),
              FlightClientOptions.builder().allocator(allocator).build())) {
        List<FlightInfo> flights = client.listFlights().toList();
        FlightInfo sales = flights.stream().filter(f -> f.descriptor().path().equals(List.of("dataset", "sales")))
            .findFirst().orElseThrow(() -> new AssertionError("no dataset/sales in " + flights));
        assertTrue(sales.totalRecords() > 0, sales.toString());
        assertEquals(sales.schema(), client.getSchema(sales.descriptor()).schema());
        try (FlightStreamReader reader = client.doGet(sales.endpoints().get(0).ticket());
            Table table = reader.readAll()) {
          assertEquals(sales.schema(), table.getSchema());
          assertEquals(sales.totalRecords(), table.getRowCount());
        }

        FlightDescriptor upload = FlightDescriptor.forPath("uploads", "named-module");
        try (DoPutStreams put = client.doPut(upload, Int64Data.SCHEMA);
            VectorSchemaRoot batch = Int64Data.batch(allocator, 0, 1000)) {
          put.writer().writeBatch(batch);
          put.writer().doneWriting();
          while (put.reader().read() != null) {
            // the server's PutResults, none expected
          }
        }
        try (FlightStreamReader reader = client.doGet(client.getFlightInfo(upload).endpoints().get(0).ticket())) {
          assertEquals(1000, Int64Data.readAll(reader));
        }
        List<Result> tables = client.doAction(new Action("list_tables", new byte[0])).toList();
        assertTrue(new String(tables.get(0).body(), StandardCharsets.UTF_8).contains("uploads/named-module"));
      }
      assertTrue(p.isAlive(), "the server exited");
    } finally {
      p.destroy();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
