package dev.flightwire.spark;

import dev.flightwire.FlightCallOptions;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.Location;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The options of {@code spark.read.format("flight")} and {@code df.write.format("flight")}, parsed
 * once on the driver and shipped to the executors (serializable, immutable).
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>meaning</th></tr>
 *   <tr><td>{@code location}</td><td>the service: {@code grpc+tcp://host:port}, {@code grpc+tls://host:port} (required)</td></tr>
 *   <tr><td>{@code path}</td><td>the flight's path, parts separated by {@code /}</td></tr>
 *   <tr><td>{@code command}</td><td>instead of a path: a command descriptor (UTF-8 text)</td></tr>
 *   <tr><td>{@code username}, {@code password}</td><td>credentials; sent as Basic and exchanged for a Bearer token (the header convention), or with {@code auth=handshake} by Flight's handshake</td></tr>
 *   <tr><td>{@code token}</td><td>a bearer token, sent as {@code authorization: Bearer TOKEN}</td></tr>
 *   <tr><td>{@code header.NAME}</td><td>a header sent on every call</td></tr>
 *   <tr><td>{@code timeout}</td><td>seconds each call may take (DoGet: the whole stream); default none</td></tr>
 *   <tr><td>{@code connect-timeout}</td><td>seconds to connect; default 10</td></tr>
 *   <tr><td>{@code tls.roots}</td><td>PEM file of the CAs to trust (default: the JVM's)</td></tr>
 *   <tr><td>{@code tls.cert}, {@code tls.key}</td><td>PEM client certificate chain and PKCS#8 key (mutual TLS)</td></tr>
 *   <tr><td>{@code tls.override-hostname}</td><td>the name to verify the server's certificate against</td></tr>
 *   <tr><td>{@code tls.disable-verification}</td><td>{@code true} accepts any server certificate (testing only)</td></tr>
 *   <tr><td>{@code pushdown}</td><td>{@code false} never sends the scan command (default true)</td></tr>
 * </table>
 * File options are read on the driver; their contents travel with the options.
 */
final class FlightOptions implements Serializable {
  private static final long serialVersionUID = 1L;

  final String location;
  final List<String> path;
  final byte[] command;
  final String username;
  final String password;
  final boolean handshake;
  final String token;
  final Map<String, String> headers;
  final Duration timeout;
  final Duration connectTimeout;
  final byte[] tlsRoots;
  final byte[] tlsCert;
  final byte[] tlsKey;
  final String overrideHostname;
  final boolean disableVerification;
  final boolean pushdown;

  private FlightOptions(Map<String, String> o) {
    location = required(o, "location");
    Location.parse(location); // fails early on a malformed URI
    String p = o.get("path");
    String c = o.get("command");
    if (p != null && c != null) {
      throw new IllegalArgumentException("flight: give either the option path or command, not both");
    }
    path = p == null ? null : parsePath(p);
    command = c == null ? null : c.getBytes(StandardCharsets.UTF_8);
    username = o.get("username");
    password = o.get("password");
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException("flight: the options username and password go together");
    }
    String auth = o.getOrDefault("auth", "basic").toLowerCase(Locale.ROOT);
    if (!auth.equals("basic") && !auth.equals("handshake")) {
      throw new IllegalArgumentException("flight: auth must be basic or handshake, not " + auth);
    }
    handshake = auth.equals("handshake");
    token = o.get("token");
    Map<String, String> h = new TreeMap<>();
    o.forEach((k, v) -> {
      if (k.toLowerCase(Locale.ROOT).startsWith("header.")) {
        h.put(k.substring("header.".length()).toLowerCase(Locale.ROOT), v);
      }
    });
    headers = Map.copyOf(h);
    timeout = seconds(o, "timeout", null);
    connectTimeout = seconds(o, "connect-timeout", Duration.ofSeconds(10));
    tlsRoots = file(o, "tls.roots");
    tlsCert = file(o, "tls.cert");
    tlsKey = file(o, "tls.key");
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("flight: the options tls.cert and tls.key go together");
    }
    overrideHostname = o.get("tls.override-hostname");
    disableVerification = bool(o, "tls.disable-verification", false);
    pushdown = bool(o, "pushdown", true);
  }

  /**
   * Parses Spark's options (keys case-insensitive).
   *
   * @throws IllegalArgumentException naming the option that is missing or wrong
   */
  static FlightOptions parse(Map<String, String> options) {
    Map<String, String> lower = new TreeMap<>();
    options.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    return new FlightOptions(lower);
  }

  /** The descriptor the options name. */
  FlightDescriptor descriptor() {
    if (path != null) {
      return FlightDescriptor.forPath(path);
    }
    if (command != null) {
      return FlightDescriptor.forCommand(command);
    }
    throw new IllegalArgumentException("flight: give the option path or command");
  }

  /** Client options for one connection: TLS, and the headers, token and timeout of every call. */
  FlightClientOptions clientOptions() {
    FlightClientOptions.Builder b = FlightClientOptions.builder().connectTimeout(connectTimeout).callOptions(callOptions());
    if (tlsRoots != null) {
      b.tlsRootCerts(tlsRoots);
    }
    if (tlsCert != null) {
      b.certChain(tlsCert).privateKey(tlsKey);
    }
    if (overrideHostname != null) {
      b.overrideHostname(overrideHostname);
    }
    if (disableVerification) {
      b.disableServerVerification(true);
    }
    return b.build();
  }

  /** The headers and timeout of every call. */
  private FlightCallOptions callOptions() {
    FlightCallOptions.Builder b = FlightCallOptions.builder();
    headers.forEach(b::header);
    if (token != null) {
      b.header("authorization", "Bearer " + token);
    }
    if (timeout != null) {
      b.timeout(timeout);
    }
    return b.build();
  }

  /**
   * What makes two connections interchangeable: every option a client is made with (credentials,
   * headers, timeouts, TLS), none of what names the flight.
   */
  String connectionKey(String uri) {
    return String.join("\u0000", uri, String.valueOf(username), String.valueOf(password), String.valueOf(handshake),
        String.valueOf(token), headers.toString(), String.valueOf(timeout), String.valueOf(connectTimeout),
        Arrays.toString(tlsRoots), Arrays.toString(tlsCert), Arrays.toString(tlsKey), String.valueOf(overrideHostname),
        String.valueOf(disableVerification));
  }

  private static List<String> parsePath(String p) {
    List<String> parts = new ArrayList<>();
    for (String s : p.split("/", -1)) {
      if (s.isEmpty()) {
        throw new IllegalArgumentException("flight: the option path has an empty part: \"" + p + "\"");
      }
      parts.add(s);
    }
    return List.copyOf(parts);
  }

  private static String required(Map<String, String> o, String key) {
    String v = o.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("flight: the option " + key + " is required");
    }
    return v;
  }

  private static Duration seconds(Map<String, String> o, String key, Duration dflt) {
    String v = o.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      double s = Double.parseDouble(v);
      if (!(s > 0)) {
        throw new NumberFormatException();
      }
      return Duration.ofNanos((long) (s * 1e9));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("flight: the option " + key + " takes seconds (a positive number), not " + v);
    }
  }

  private static boolean bool(Map<String, String> o, String key, boolean dflt) {
    String v = o.get(key);
    if (v == null) {
      return dflt;
    }
    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new IllegalArgumentException("flight: the option " + key + " takes true or false, not " + v);
  }

  private static byte[] file(Map<String, String> o, String key) {
    String v = o.get(key);
    if (v == null) {
      return null;
    }
    try {
      return Files.readAllBytes(Path.of(v));
    } catch (IOException e) {
      throw new UncheckedIOException("flight: cannot read the file of option " + key + ": " + v, e);
    }
  }
}
