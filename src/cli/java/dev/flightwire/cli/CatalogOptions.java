package dev.flightwire.cli;

import dev.flightwire.Location;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The options of {@code serve} that make it a catalog ({@link CatalogService}): one
 * {@code --shard LOCATION[,LOCATION...]} per shard, listing its replicas, and how to connect to
 * them (TLS roots, credentials). Checked here, so that a wrong location is a usage error before
 * anything listens. Immutable.
 */
final class CatalogOptions {
  static final List<Option> OPTIONS = List.of(
      Option.repeatable("shard", "LOCS", "serve a catalog of other servers instead of data: one --shard per shard,"
          + " LOCS its replicas' locations separated by commas (replicas serve the same files)"),
      Option.value("shard-tls-roots", "FILE", "trust grpc+tls shards whose certificate is signed by these PEM CA"
          + " certificates (default: the JVM's trust store)"),
      Option.value("shard-user", "NAME", "log in to the shards as NAME (authorization: Basic, then a bearer token)"),
      Option.value("shard-password", "PW", "the password of --shard-user"));

  private final List<List<Location>> shards;
  private final ClientSettings settings;

  private CatalogOptions(List<List<Location>> shards, ClientSettings settings) {
    this.shards = shards;
    this.settings = settings;
  }

  /** The catalog options given, or null when there is no {@code --shard}. */
  static CatalogOptions parse(Args args) throws UsageException {
    if (!args.has("shard")) {
      for (Option o : OPTIONS) {
        if (args.has(o.name())) {
          throw new UsageException("--" + o.name() + " is for a catalog: it needs --shard");
        }
      }
      return null;
    }
    if (args.has("dir")) {
      throw new UsageException("--shard makes a catalog of other servers, which holds no files: it cannot take --dir");
    }
    List<List<Location>> shards = new ArrayList<>();
    Set<Location> seen = new HashSet<>();
    boolean tls = false;
    for (String spec : args.all("shard")) {
      List<Location> replicas = new ArrayList<>();
      for (String part : spec.split(",", -1)) {
        String text = part.trim();
        if (text.isEmpty()) {
          throw new UsageException("--shard " + spec + ": a location is empty (LOCS is LOCATION[,LOCATION...])");
        }
        Location l;
        try {
          l = ClientOptionsParser.location(text);
        } catch (UsageException e) {
          throw new UsageException("--shard " + spec + ": " + e.getMessage());
        }
        if (!seen.add(l)) {
          throw new UsageException("--shard: " + text + " is given twice (a server is in one shard, once)");
        }
        tls |= l.isTls();
        replicas.add(l);
      }
      shards.add(List.copyOf(replicas));
    }
    if (args.has("shard-tls-roots") && !tls) {
      throw new UsageException("--shard-tls-roots is for grpc+tls:// shards; no --shard location is one");
    }
    if (args.has("shard-user") != args.has("shard-password")) {
      throw new UsageException("--shard-user and --shard-password go together");
    }
    ClientSettings.Builder s = new ClientSettings.Builder(shards.get(0).get(0));
    s.tlsRoots = ClientOptionsParser.read(args.readableFile("shard-tls-roots"));
    s.user = args.value("shard-user");
    s.password = args.value("shard-password");
    return new CatalogOptions(List.copyOf(shards), s.build());
  }


  int shardCount() {
    return shards.size();
  }

  /**
   * A catalog of these shards; nothing connects before the first call. Received data is
   * accounted to {@code allocator} (borrowed: close the catalog before it). Returns an owned
   * service (close it).
   */
  CatalogService service(BufferAllocator allocator) {
    List<Shard> list = new ArrayList<>();
    for (int i = 0; i < shards.size(); i++) {
      list.add(new Shard(i + 1, shards.get(i), settings, allocator));
    }
    return new CatalogService(list);
  }
}
