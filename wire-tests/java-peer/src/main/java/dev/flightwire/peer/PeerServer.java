package dev.flightwire.peer;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.auth.ServerAuthHandler;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The conformance service (wire-tests/CONTRACT.md) on Apache Arrow Java flight-core.
 *
 * <p>Usage: {@code PeerServer --port P [--data-dir D]}. Prints {@code Server listening on
 * localhost:<port>} once it accepts calls; serves until SIGTERM or until stdin reaches EOF.
 */
public final class PeerServer {
  private PeerServer() {}

  /**
   * Auth v1 handler: the handshake echoes every payload as {@code "echo:" + payload} until the
   * client half-closes; any token, and no token at all, is accepted.
   */
  static final class EchoAuthHandler implements ServerAuthHandler {
    @Override
    public Optional<String> isValid(byte[] token) {
      // flight-core's ServerAuthInterceptor passes null when the call has no auth-token-bin
      // header and rejects the call if this returns empty: answer an identity for every case.
      return Optional.of(token == null ? "anonymous" : "token-holder");
    }

    @Override
    public boolean authenticate(ServerAuthSender outgoing, Iterator<byte[]> incoming) {
      while (true) {
        byte[] payload;
        try {
          // Blocks until the next request; throws IllegalStateException once the client
          // half-closed and every request was consumed.
          payload = incoming.next();
        } catch (IllegalStateException endOfRequests) {
          return true;
        }
        byte[] prefix = "echo:".getBytes(UTF_8);
        byte[] answer = new byte[prefix.length + payload.length];
        System.arraycopy(prefix, 0, answer, 0, prefix.length);
        System.arraycopy(payload, 0, answer, prefix.length, payload.length);
        outgoing.send(answer);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    int port = 0;
    Path dataDir = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port":
          port = Integer.parseInt(args[++i]);
          break;
        case "--data-dir":
          dataDir = Paths.get(args[++i]);
          break;
        default:
          System.err.println("usage: PeerServer --port P [--data-dir D]");
          System.exit(2);
      }
    }

    BufferAllocator allocator = new RootAllocator(Long.MAX_VALUE);
    ConformanceProducer producer = new ConformanceProducer(allocator);
    if (dataDir != null) {
      loadDataDir(dataDir, allocator, producer);
    }

    FlightServer server =
        FlightServer.builder(allocator, Location.forGrpcInsecure("localhost", port), producer)
            .authHandler(new EchoAuthHandler())
            .middleware(HeaderCapture.KEY, new HeaderCapture.Factory())
            .build();
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "peer-server-shutdown"));

    System.out.println("Server listening on localhost:" + server.getPort());
    System.out.flush();

    Thread stdinWatcher =
        new Thread(
            () -> {
              try {
                InputStream in = System.in;
                byte[] buf = new byte[256];
                while (in.read(buf) >= 0) {
                  // discard
                }
              } catch (IOException ignored) {
                // treat like EOF
              }
              System.exit(0);
            },
            "peer-server-stdin");
    stdinWatcher.setDaemon(true);
    stdinWatcher.start();

    server.awaitTermination();
  }

  /** Loads every DIR/name.arrows as types/name, except names listed in DIR/java-skip.txt. */
  static void loadDataDir(Path dir, BufferAllocator allocator, ConformanceProducer producer)
      throws IOException {
    Set<String> skip = readSkipList(dir);
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files =
          s.filter(p -> p.getFileName().toString().endsWith(".arrows"))
              .sorted()
              .collect(Collectors.toList());
    }
    for (Path f : files) {
      String file = f.getFileName().toString();
      String name = file.substring(0, file.length() - ".arrows".length());
      if (skip.contains(name)) {
        System.err.println("peer-server: skipping types/" + name + " (java-skip.txt)");
        continue;
      }
      try {
        producer.put("types/" + name, Table.readFile(f, allocator));
      } catch (Exception e) {
        System.err.println("peer-server: cannot load types/" + name + ": " + e);
      }
    }
  }

  /** Names (first tab-separated column) of DIR/java-skip.txt; empty when there is none. */
  static Set<String> readSkipList(Path dir) throws IOException {
    Set<String> out = new HashSet<>();
    Path p = dir.resolve("java-skip.txt");
    if (!Files.exists(p)) {
      return out;
    }
    for (String line : Files.readAllLines(p, UTF_8)) {
      String name = line.split("\t", 2)[0].trim();
      if (!name.isEmpty() && !name.startsWith("#")) {
        out.add(name);
      }
    }
    return out;
  }
}
