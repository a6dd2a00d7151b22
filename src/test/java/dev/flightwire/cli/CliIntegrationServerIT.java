package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightNotFoundError;
import dev.flightwire.Location;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code integration-server} started the way CI systems and Arrow's harness runners start servers
 * in the background: standard input /dev/null or closed. It must keep serving until it is told to
 * stop (SIGTERM), and stop on the end of standard input only when asked to.
 */
class CliIntegrationServerIT {
  private static final Pattern LISTENING = Pattern.compile("^Server listening on localhost:(\\d+)$");

  private static Process start(ProcessBuilder.Redirect stdin, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("integration-server", "-port", "0"));
    args.addAll(List.of(extra));
    return new ProcessBuilder(CliProcess.command(args.toArray(new String[0])))
        .redirectInput(stdin).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static int port(Process p) throws Exception {
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = r.readLine();
    Matcher m = LISTENING.matcher(line == null ? "" : line);
    assertTrue(m.matches(), "first line: " + line);
    return Integer.parseInt(m.group(1));
  }

  /** The round-trip store answers NOT_FOUND for a path nobody uploaded: it is up and serving. */
  private static void assertServing(int port) throws Exception {
    try (FlightClient client = FlightClient.connect(Location.forGrpcTcp("localhost", port))) {
      assertThrows(FlightNotFoundError.class, () -> client.getFlightInfo(FlightDescriptor.forPath("nothing")));
    }
  }

  @Test
  void keepsServingWithStdinFromDevNull() throws Exception {
    Process p = start(ProcessBuilder.Redirect.from(new File("/dev/null")));
    try {
      int port = port(p);
      Thread.sleep(1500);
      assertTrue(p.isAlive(), "exited with " + (p.isAlive() ? "" : p.exitValue()) + " although stdin was /dev/null");
      assertServing(port);
      p.destroy();
      assertTrue(p.waitFor(20, TimeUnit.SECONDS), "stops on SIGTERM");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void stopsAtTheEndOfStdinOnlyWhenAsked() throws Exception {
    Process p = start(ProcessBuilder.Redirect.PIPE, "-stop-on-stdin-eof");
    try {
      int port = port(p);
      assertServing(port);
      p.getOutputStream().close();
      assertTrue(p.waitFor(20, TimeUnit.SECONDS), "stops when its stdin ends");
      assertEquals(0, p.exitValue());
    } finally {
      p.destroyForcibly();
    }
  }
}
