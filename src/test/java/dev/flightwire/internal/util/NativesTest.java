package dev.flightwire.internal.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.internal.tls.TlsContexts;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code flightwire.native}: parsed strictly enough, and it decides the transport and the TLS engine. */
class NativesTest {
  @Test
  void onlyFalseForbidsTheNatives() {
    assertTrue(Natives.parse(null));
    assertTrue(Natives.parse("true"));
    assertTrue(Natives.parse("maybe"), "an unknown value keeps the default (and warns)");
    assertFalse(Natives.parse("false"));
    assertFalse(Natives.parse(" FALSE "));
  }

  @Test
  void falseMeansNioAndTheJdksTlsWithoutLoadingTheNatives() throws Exception {
    Map<String, String> r = probe("-Dflightwire.native=false");
    assertEquals("false", r.get("natives.allowed"), r.toString());
    assertEquals("nio", r.get("transport"), r.toString());
    assertEquals("NioServerSocketChannel", r.get("serverChannel"), r.toString());
    assertEquals("NioSocketChannel", r.get("clientChannel"), r.toString());
    assertEquals("false", r.get("group.epoll"), r.toString());
    assertEquals("JDK", r.get("sslProvider"), r.toString());
    assertTrue(r.get("sslContext").startsWith("Jdk"), r.toString());
    if (r.containsKey("loadedNatives")) {
      assertEquals("", r.get("loadedNatives"), "no Netty native library is even loaded");
    }
  }

  @Test
  void byDefaultTheNativesServeWhereTheyLoad() throws Exception {
    Map<String, String> r = probe();
    boolean epoll = Boolean.parseBoolean(r.get("epoll.available"));
    boolean openSsl = Boolean.parseBoolean(r.get("openssl.available"));
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch");
    if (os.startsWith("linux") && (arch.equals("amd64") || arch.equals("aarch64"))) {
      assertTrue(epoll && openSsl, "both natives are claimed for this platform: " + r);
    }
    assertEquals(epoll ? "EpollServerSocketChannel" : "NioServerSocketChannel", r.get("serverChannel"), r.toString());
    assertEquals(String.valueOf(epoll), r.get("group.epoll"), r.toString());
    assertEquals(openSsl ? "OPENSSL" : "JDK", r.get("sslProvider"), r.toString());
    assertEquals(openSsl, r.get("sslContext").contains("OpenSsl"), r.toString());
  }

  /** This JVM (the suite runs with natives off under -Dflightwire.native=false) follows it too. */
  @Test
  void thisJvmFollowsTheProperty() {
    boolean allowed = !"false".equalsIgnoreCase(System.getProperty(Natives.PROPERTY, "").trim());
    assertEquals(allowed, Natives.allowed());
    if (!allowed) {
      assertEquals("nio", Transports.name());
      assertEquals(SslProvider.JDK, TlsContexts.provider());
    }
  }

  /** Runs {@link NativesProbe} in a fresh JVM (the property is read once) and returns its lines. */
  private static Map<String, String> probe(String... jvmOptions) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), NativesProbe.class.getName()));
    Path output = Files.createTempFile("natives-probe", ".txt");
    String out;
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
      boolean ended = p.waitFor(60, TimeUnit.SECONDS);
      if (!ended) {
        p.destroyForcibly();
      }
      out = Files.readString(output, StandardCharsets.UTF_8);
      assertTrue(ended, "the probe did not end within 60 s: " + out);
      assertEquals(0, p.exitValue(), out);
    } finally {
      Files.deleteIfExists(output);
    }
    Map<String, String> r = new HashMap<>();
    for (String line : out.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        r.put(line.substring(0, eq), line.substring(eq + 1).trim());
      }
    }
    return r;
  }
}
