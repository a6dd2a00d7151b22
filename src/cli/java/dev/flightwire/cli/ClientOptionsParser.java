package dev.flightwire.cli;

import dev.flightwire.FlightCallOptions;
import dev.flightwire.Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The connection options every client command takes (TLS, mTLS, headers, credentials, timeout),
 * checked together and turned into {@link ClientSettings}. Files are read here, so that a wrong
 * path is a usage error before anything connects.
 */
final class ClientOptionsParser {
  static final List<Option> OPTIONS = List.of(
      Option.value("tls-roots", "FILE", "trust servers whose certificate is signed by these PEM CA certificates"
          + " (default: the JVM's trust store)"),
      Option.value("tls-override-hostname", "NAME", "check the server certificate against NAME (also sent as SNI)"),
      Option.flag("tls-insecure", "accept any server certificate: no verification at all (tests only)"),
      Option.value("tls-cert", "FILE", "present this PEM certificate chain (mutual TLS); needs --tls-key"),
      Option.value("tls-key", "FILE", "the PKCS#8 PEM private key of --tls-cert"),
      Option.repeatable("header", "NAME=VALUE", "send this header with every call (a NAME ending in -bin takes"
          + " a base64 VALUE)"),
      Option.value("user", "NAME", "log in as NAME: a Handshake with 'authorization: Basic', whose bearer token"
          + " then goes with every call"),
      Option.value("password", "PW", "the password of --user (default: the environment variable"
          + " FLIGHTWIRE_PASSWORD, which keeps it out of the process list)"),
      Option.flag("handshake", "log in with the BasicAuth handshake convention (auth-token-bin) instead"),
      Option.value("token", "TOKEN", "send 'authorization: Bearer TOKEN' with every call"),
      Option.value("timeout", "SECONDS", "fail any call not done within SECONDS (decimals allowed)"));

  static final String PASSWORD_VARIABLE = "FLIGHTWIRE_PASSWORD";

  private static final Set<String> SCHEMES = Set.of("grpc", "grpc+tcp", "grpc+tls", "grpc+unix");

  private ClientOptionsParser() {}

  /** Parses a LOCATION argument: a Flight URI with one of the schemes we connect to. */
  static Location location(String text) throws UsageException {
    int sep = text.indexOf("://");
    if (sep <= 0) {
      throw new UsageException("LOCATION must be a URI such as grpc://localhost:8815, not '" + text + "'");
    }
    String scheme = text.substring(0, sep).toLowerCase(Locale.ROOT);
    if (!SCHEMES.contains(scheme)) {
      throw new UsageException("LOCATION scheme '" + scheme + "' is not one of grpc://, grpc+tcp://, grpc+tls://,"
          + " grpc+unix://");
    }
    Location l;
    try {
      l = Location.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException("bad LOCATION: " + e.getMessage());
    }
    if (!l.isUnix() && l.port() < 0) {
      throw new UsageException("LOCATION needs a port: " + scheme + "://" + l.host() + ":PORT");
    }
    return l;
  }

  /** The connection settings of a client command whose first positional argument is LOCATION. */
  static ClientSettings fromCommandLine(Args args, Io io) throws UsageException {
    return parse(location(args.positional(0)), args, io.env);
  }

  static ClientSettings parse(Location location, Args args, java.util.Map<String, String> env)
      throws UsageException {
    ClientSettings.Builder s = new ClientSettings.Builder(location);
    boolean tlsOption = false;
    for (String o : List.of("tls-roots", "tls-override-hostname", "tls-insecure", "tls-cert", "tls-key")) {
      if (args.has(o)) {
        tlsOption = true;
        if (!location.isTls()) {
          throw new UsageException("--" + o + " needs a grpc+tls:// LOCATION, not " + location);
        }
      }
    }
    if (tlsOption) {
      if (args.has("tls-cert") != args.has("tls-key")) {
        throw new UsageException("--tls-cert and --tls-key go together");
      }
      if (args.has("tls-insecure") && args.has("tls-roots")) {
        throw new UsageException("--tls-insecure skips verification: --tls-roots would not be used");
      }
      s.tlsRoots = read(args.readableFile("tls-roots"));
      s.certChain = read(args.readableFile("tls-cert"));
      s.privateKey = read(args.readableFile("tls-key"));
      s.overrideHostname = args.value("tls-override-hostname");
      s.insecure = args.has("tls-insecure");
    }

    FlightCallOptions.Builder call = FlightCallOptions.builder();
    for (String h : args.all("header")) {
      header(call, h);
    }
    String timeout = args.value("timeout");
    if (timeout != null) {
      call.timeout(timeout(timeout));
    }
    if (args.has("token") && args.has("user")) {
      throw new UsageException("choose one way to log in: --user or --token");
    }
    if (args.has("token")) {
      String token = args.value("token").trim();
      if (token.isEmpty()) {
        throw new UsageException("--token is empty");
      }
      header(call, "authorization=Bearer " + token);
    }
    if (args.has("password") && !args.has("user")) {
      throw new UsageException("--password needs --user");
    }
    if (args.has("handshake") && !args.has("user")) {
      throw new UsageException("--handshake needs --user (and a password)");
    }
    if (args.has("user")) {
      s.user = args.value("user");
      s.password = args.has("password") ? args.value("password") : env.get(PASSWORD_VARIABLE);
      if (s.password == null) {
        throw new UsageException("--user needs --password (or the " + PASSWORD_VARIABLE + " environment variable)");
      }
      s.handshake = args.has("handshake");
    }
    s.callOptions = call.build();
    return s.build();
  }

  /** The bytes of an option's file, or null when the option was not given. */
  static byte[] read(Path p) throws UsageException {
    if (p == null) {
      return null;
    }
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UsageException("cannot read " + p + ": " + e.getMessage());
    }
  }

  static Duration timeout(String text) throws UsageException {
    double seconds;
    try {
      seconds = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("--timeout needs a number of seconds, not '" + text + "'");
    }
    if (!(seconds > 0) || seconds > 365L * 24 * 3600) {
      throw new UsageException("--timeout must be a positive number of seconds, not '" + text + "'");
    }
    return Duration.ofNanos((long) (seconds * 1e9));
  }

  /** Adds one {@code NAME=VALUE} header. */
  static void header(FlightCallOptions.Builder call, String spec) throws UsageException {
    int eq = spec.indexOf('=');
    if (eq <= 0) {
      throw new UsageException("--header needs NAME=VALUE, not '" + spec + "'");
    }
    String name = spec.substring(0, eq).trim().toLowerCase(Locale.ROOT);
    String value = spec.substring(eq + 1);
    if (!name.matches("[a-z0-9_.\\-]+")) {
      throw new UsageException("header name '" + spec.substring(0, eq) + "' may only hold letters, digits, '-', '_', '.'");
    }
    if (name.startsWith("grpc-") || name.equals("te") || name.equals("content-type") || name.equals("user-agent")) {
      throw new UsageException("header '" + name + "' is reserved by gRPC");
    }
    try {
      if (name.endsWith("-bin")) {
        call.header(name, Base64.getDecoder().decode(value.trim()));
      } else {
        call.header(name, value);
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException("header '" + name + "': " + (name.endsWith("-bin")
          ? "the value is not base64" : "the value must be printable ASCII"));
    }
  }
}
