package dev.flightwire.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar carries native libraries for the platforms it claims (README, "Platforms") and
 * for no other: Linux x86_64/aarch64 (epoll, BoringSSL, zstd, lz4), macOS x86_64/aarch64
 * (BoringSSL, zstd, lz4), Windows x86_64 (zstd, lz4; NIO and the JDK's TLS).
 */
class FatJarNativesIT {
  private static final Pattern NATIVE = Pattern.compile(".*\\.(so|dll|dylib|jnilib|a|lib)$");
  private static final List<Pattern> CLAIMED = List.of(
      Pattern.compile("META-INF/native/libnetty_transport_native_epoll_(x86_64|aarch_64)\\.so"),
      Pattern.compile("META-INF/native/libnetty_tcnative_linux_(x86_64|aarch_64)\\.so"),
      Pattern.compile("META-INF/native/libnetty_tcnative_osx_(x86_64|aarch_64)\\.jnilib"),
      Pattern.compile("(linux/(amd64|aarch64)|darwin/(x86_64|aarch64)|win/amd64)/libzstd-jni-[^/]+\\.(so|dylib|dll)"),
      Pattern.compile("net/jpountz/util/(linux/(amd64|aarch64)|darwin/(x86_64|aarch64)|win32/amd64)/liblz4-java\\.(so|dylib)"));

  @Test
  void onlyTheClaimedPlatformsNativesAreInTheJar() throws Exception {
    Path jar = Paths.get("target", "flightwire.jar").toAbsolutePath();
    assertTrue(Files.exists(jar), "target/flightwire.jar is missing: *IT tests run after `package` (mvn verify)");
    List<String> natives = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (ZipEntry e : Collections.list(zip.entries())) {
        if (!e.isDirectory() && NATIVE.matcher(e.getName()).matches()) {
          natives.add(e.getName());
        }
      }
    }
    List<String> unclaimed = new ArrayList<>();
    for (String n : natives) {
      if (CLAIMED.stream().noneMatch(p -> p.matcher(n).matches())) {
        unclaimed.add(n);
      }
    }
    assertEquals(List.of(), unclaimed, "natives of platforms the jar does not claim");
    // and every claimed one is there: 2 epoll, 4 BoringSSL, 5 zstd, 5 lz4
    assertEquals(16, new TreeSet<>(natives).size(), String.join("\n", new TreeSet<>(natives)));
  }
}
