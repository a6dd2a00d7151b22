package dev.flightwire.cli;

import dev.flightwire.FlightServer;
import dev.flightwire.FlightServerBase;
import dev.flightwire.Location;
import dev.flightwire.demo.DemoService;
import dev.flightwire.internal.util.Transports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * {@code serve}: runs the demo service, with {@code --dir} a directory's files, or with
 * {@code --shard} a catalog of other servers ({@link CatalogService}), until the process is
 * stopped. Prints one "listening on LOCATION" line first, then a line per call.
 */
final class ServeCommand implements Command {
  @Override
  public String name() {
    return "serve";
  }

  @Override
  public String synopsis() {
    return "[--dir DIR [--sql] | --shard LOCS ...] [--host HOST] [--port PORT | --unix PATH] [TLS and credential options]";
  }

  @Override
  public String summary() {
    return "run the demo service, serve a directory of data files, or a catalog of other servers";
  }

  @Override
  public String description() {
    return "Serves the demo data (dataset/sales, dataset/products, streaming/numbers, streaming/time_series;\n"
        + "uploads kept in memory; actions list_tables and get_stats), or with --dir the data files of DIR:\n"
        + "each .arrow, .arrows, .feather (Arrow IPC file or stream format) or .csv file below DIR is a flight\n"
        + "whose path is its relative path without the extension (sub/trips.csv is sub/trips). Uploads are\n"
        + "stored in DIR as NAME.arrows and never replace a file (ALREADY_EXISTS; the 'delete' action removes\n"
        + "one); paths leaving DIR are refused (INVALID_ARGUMENT). DoExchange echoes what it receives.\n"
        + DirectoryService.HELP
        + "With --sql (and --dir): also a Flight SQL service, for the Arrow Flight SQL JDBC driver\n"
        + "(jdbc:arrow-flight-sql://localhost:8815/?useEncryption=false), ADBC and tools such as DBeaver. Each\n"
        + "flight is a table of an embedded DuckDB database: trips.csv is main.trips, sub/trips.csv the table\n"
        + "trips of the schema \"sub\"; a dataset is one table. The rows are loaded at start and when an upload\n"
        + "adds a flight; SQL updates change the tables in memory, never the files. Needs the engine's jars\n"
        + "in lib/ beside flightwire.jar (the build puts them there).\n"
        + "With --shard (once per shard, no --dir): a catalog of a dataset spread over several servers, each\n"
        + "holding its part of every flight under the same path (e.g. serve --dir of its own files). The catalog\n"
        + "holds no data: GetFlightInfo asks every shard (the first of its replicas that answers) and answers\n"
        + "with all their endpoints, each listing the locations of its shard's replicas, the totals summed;\n"
        + "the shards must agree on the schema. A flight no shard has is NOT_FOUND; a shard none of whose\n"
        + "replicas answers fails the call (UNAVAILABLE). GetSchema and ListFlights combine the same way;\n"
        + "action list-shards prints the shards as JSON, other actions (e.g. delete) go to every shard. E.g.\n"
        + "  serve --port 8815 --shard grpc://10.0.0.2:8815,grpc://10.0.0.3:8815 --shard grpc://10.0.0.4:8815\n"
        + "is a catalog of two shards, the first with two replicas.\n"
        + "The first line printed is 'flightwire ... listening on LOCATION'; then one line per call.\n"
        + "Stop with Ctrl-C or SIGTERM: calls in progress get 5 seconds to finish.";
  }

  @Override
  public List<Option> options() {
    List<Option> all = new ArrayList<>(List.of(
        Option.value("dir", "DIR", "serve the data files of DIR instead of the demo data"),
        Option.flag("sql", "with --dir: serve its files as tables of a SQL engine too (Flight SQL)"),
        Option.value("host", "HOST", "listen on HOST (default localhost; 0.0.0.0 for every interface)"),
        Option.value("port", "PORT", "listen on PORT (default 8815; 0 for any free port)"),
        Option.value("unix", "PATH", "listen on the Unix domain socket PATH instead (grpc+unix://PATH)"),
        Option.value("tls-cert", "FILE", "serve grpc+tls with this PEM certificate chain; needs --tls-key"),
        Option.value("tls-key", "FILE", "the PKCS#8 PEM private key of --tls-cert"),
        Option.value("tls-client-ca", "FILE", "require client certificates signed by this PEM CA (mutual TLS)"),
        Option.value("user", "NAME", "every call needs these credentials, by handshake (BasicAuth) or by header"
            + " (authorization: Basic, answered with a bearer token)"),
        Option.value("password", "PW", "the password of --user")));
    all.addAll(CatalogOptions.OPTIONS);
    return all;
  }

  @Override
  public boolean connects() {
    return false;
  }

  @Override
  public int run(Args args, Io io) throws Exception {
    args.expectPositionals(0, 0);
    String host = args.has("host") ? args.value("host") : "localhost";
    int port = (int) args.longValue("port", 8815, 0, 65535);
    if (args.has("unix") && (args.has("port") || args.has("host"))) {
      throw new UsageException("--unix replaces --host and --port");
    }
    ServeSecurity security = new ServeSecurity();
    security.tlsCert = path(args.value("tls-cert"));
    security.tlsKey = path(args.value("tls-key"));
    security.clientCa = path(args.value("tls-client-ca"));
    security.user = args.value("user");
    security.password = args.value("password");
    String problem = security.problem();
    if (problem != null) {
      throw new UsageException(problem);
    }
    CatalogOptions catalog = CatalogOptions.parse(args);
    Path dir = null;
    if (args.has("dir")) {
      dir = Paths.get(args.value("dir"));
      if (!Files.isDirectory(dir)) {
        throw new UsageException("--dir " + dir + ": " + (Files.exists(dir) ? "not a directory" : "no such directory"));
      }
    }
    boolean sql = args.has("sql");
    if (sql && dir == null) {
      throw new UsageException("--sql serves the files of --dir: give --dir DIR");
    }
    if (sql) {
      String missing = SqlEngineJars.problem();
      if (missing != null) {
        throw new CommandFailure(missing);
      }
    }
    Location location;
    if (args.has("unix")) {
      if (security.tls()) {
        throw new UsageException("TLS is for TCP: --unix cannot take --tls-cert");
      }
      location = Location.forGrpcUnix(Paths.get(args.value("unix")).toAbsolutePath().toString());
    } else {
      location = security.tls() ? Location.forGrpcTls(host, port) : Location.forGrpcTcp(host, port);
    }
    serve(location, dir, sql, catalog, security, io);
    return 0;
  }

  private static Path path(String s) {
    return s == null ? null : Paths.get(s);
  }

  private static void serve(Location location, Path dir, boolean sql, CatalogOptions catalog, ServeSecurity security,
      Io io) throws Exception {
    DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    BufferAllocator allocator = new RootAllocator();
    DemoService demo = null;
    CatalogService shards = null;
    SqlServing sqlServing = null;
    DirectoryService directory = null;
    FlightServerBase service;
    FlightServer server;
    try {
      if (catalog != null) {
        shards = catalog.service(allocator);
        service = shards;
      } else if (dir == null) {
        demo = new DemoService(allocator);
        service = demo;
      } else {
        directory = new DirectoryService(dir, allocator);
        service = directory;
        if (sql) {
          sqlServing = SqlServing.start(directory, allocator, io);
          service = sqlServing.service();
        }
      }
      FlightServer.Builder builder = FlightServer.builder(allocator, location, service).callLog(line -> {
        io.out.println(LocalTime.now().format(clock) + " " + line);
        io.out.flush();
      });
      security.apply(builder);
      server = builder.build().start();
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      if (sqlServing != null) {
        sqlServing.close();
      }
      if (demo != null) {
        demo.close();
      }
      if (shards != null) {
        shards.close();
      }
      allocator.close();
      throw new CommandFailure(e.getMessage(), e);
    }
    DemoService ownedDemo = demo;
    CatalogService ownedShards = shards;
    SqlServing ownedSql = sqlServing;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdown(Duration.ofSeconds(5));
      if (ownedSql != null) {
        ownedSql.close();
      }
      if (ownedDemo != null) {
        ownedDemo.close();
      }
      if (ownedShards != null) {
        ownedShards.close();
      }
      allocator.close();
    }, "flightwire-shutdown"));
    String what = catalog != null ? "catalog service" : dir == null ? "demo service"
        : sql ? "SQL service" : "directory service";
    io.out.println("flightwire " + what + " listening on " + server.location() + " (" + Transports.name()
        + " transport" + (server.tlsProvider() == null ? "" : ", TLS by " + server.tlsProvider())
        + security.describe() + (dir == null ? "" : ", serving " + directory.root())
        + (sqlServing == null ? "" : ", " + sqlServing.describe())
        + (catalog == null ? "" : ", " + catalog.shardCount() + (catalog.shardCount() == 1 ? " shard" : " shards"))
        + ")");
    io.out.flush();
    server.awaitTermination();
  }
}
