package dev.flightwire.peer;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.example.FlightSqlExample;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Runs Arrow Java's own Flight SQL example server, {@code FlightSqlExample} from flight-sql
 * 18.3.0's published tests jar, unchanged: an embedded Derby database with
 * {@code intTable(id INT primary key generated, keyName VARCHAR(100), value INT, foreignId INT
 * references foreignTable(id))} holding ('one', 1, 1), ('zero', 0, 1), ('negative one', -1, 1)
 * and {@code foreignTable(id, foreignName VARCHAR(100), value INT)} holding ('keyOne', 1),
 * ('keyTwo', 0), ('keyThree', -1), served with Flight SQL statements, prepared statements with
 * parameters, updates, bulk ingestion and the metadata commands.
 *
 * <pre>
 *   run.sh sql-example server --port 0
 * </pre>
 *
 * Prints "Server listening on localhost:PORT" once it serves; stops on SIGTERM or stdin EOF.
 * The example names its database relative to the working directory ({@code target/NAME}), so
 * each process uses its own name and removes the database when it stops. The example takes the
 * location it announces in its FlightInfos before it serves, so a free port is chosen first when
 * {@code --port 0} is given.
 */
public final class SqlExamplePeer {
  private SqlExamplePeer() {}

  public static void main(String[] args) throws Exception {
    int port = -1;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("server")) {
        continue;
      }
      if ((a.equals("--port") || a.equals("-port")) && i + 1 < args.length) {
        port = Integer.parseInt(args[++i]);
      } else {
        System.err.println("usage: SqlExamplePeer server --port P");
        System.exit(2);
      }
    }
    if (port < 0) {
      System.err.println("usage: SqlExamplePeer server --port P");
      System.exit(2);
    }
    boolean pick = port == 0;
    // Derby writes derby.log into the working directory unless told otherwise
    File log = File.createTempFile("flightwire-derby", ".log");
    log.deleteOnExit();
    System.setProperty("derby.stream.error.file", log.getPath());

    String db = "flightwire-sql-example-" + ProcessHandle.current().pid();
    BufferAllocator allocator = new RootAllocator(Long.MAX_VALUE);
    FlightSqlExample started = null;
    FlightServer running = null;
    // a port picked free may be taken by another process before the server binds it: pick again
    for (int attempt = 1; running == null; attempt++) {
      if (pick) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("localhost"))) {
          port = s.getLocalPort();
        }
      }
      Location location = Location.forGrpcInsecure("localhost", port);
      started = new FlightSqlExample(location, db);
      try {
        running = FlightServer.builder(allocator, location, started).build().start();
      } catch (java.io.IOException e) {
        started.close();
        FlightSqlExample.removeDerbyDatabaseIfExists(db);
        if (!pick || attempt == 5) {
          throw e;
        }
      }
    }
    FlightSqlExample example = started;
    FlightServer server = running;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.shutdown();
        server.awaitTermination();
        example.close();
      } catch (Exception e) {
        System.err.println("SqlExamplePeer: stopping: " + e);
      }
      FlightSqlExample.removeDerbyDatabaseIfExists(db);
    }, "sql-example-shutdown"));
    System.out.println("Server listening on localhost:" + server.getPort());
    System.out.flush();
    TlsPeer.exitAtStdinEof("sql-example-stdin");
    server.awaitTermination();
  }
}
