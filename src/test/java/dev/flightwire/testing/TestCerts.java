package dev.flightwire.testing;

import dev.flightwire.CertKeyPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * Throw-away TLS material, generated once per JVM by {@code wire-tests/certs/gen.sh} (openssl)
 * into target/test-certs (one per test JVM, see TestDirs): a CA, a server certificate for localhost, one for flight.test only, a
 * client certificate, and a client certificate from another CA.
 */
public final class TestCerts {
  private static Path dir;

  private TestCerts() {}

  /** The directory holding ca.pem, server.pem/.key, other.pem/.key, client.pem/.key, wrong-*. */
  public static synchronized Path dir() {
    if (dir == null) {
      Path d = TestDirs.target("test-certs");
      Path script = Paths.get(System.getProperty("flightwire.wiretests", "wire-tests"), "certs", "gen.sh")
          .toAbsolutePath();
      try {
        Process p = new ProcessBuilder("bash", script.toString(), d.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
          throw new AssertionError("generating test certificates failed (is openssl installed?): " + out);
        }
      } catch (IOException e) {
        throw new AssertionError("cannot run " + script, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      dir = d;
    }
    return dir;
  }

  /** A file of {@link #dir()}. */
  public static Path file(String name) {
    return dir().resolve(name);
  }

  /** The bytes of a file of {@link #dir()}. */
  public static byte[] bytes(String name) {
    try {
      return Files.readAllBytes(file(name));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** {@code name.pem} and {@code name.key} as a pair. */
  public static CertKeyPair pair(String name) {
    return new CertKeyPair(bytes(name + ".pem"), bytes(name + ".key"));
  }
}
