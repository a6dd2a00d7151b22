package dev.flightwire.peer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightClientMiddleware;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.RequestContext;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.client.ClientCookieMiddleware;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Arrow integration "middleware" scenario plus cookies, with Arrow Java middleware:
 *
 * <pre>
 *   server --port 0          plaintext; echoes request header x-middleware as a response header
 *   client --port P          x-middleware round trip on a failing and a succeeding GetFlightInfo
 *   cookie-client --port P   ClientCookieMiddleware: DoAction set-cookie, then echo-cookie
 * </pre>
 *
 * Server: GetFlightInfo succeeds only for the command "success" (empty schema, no endpoints, -1,
 * -1), otherwise fails with UNKNOWN "Unknown". DoAction "set-cookie" answers "ok" with response
 * header {@code set-cookie: flight_session=s1; Path=/}; DoAction "echo-cookie" answers the request's
 * cookie header values joined with "; ". Prints {@code Server listening on localhost:<port>} and
 * stops at stdin EOF or SIGTERM. Clients print {@code PASS <what>} or {@code FAIL <what>: reason}
 * and exit 0/1.
 */
public final class MiddlewarePeer {
  static final String HEADER = "x-middleware";
  static final String EXPECTED = "expected value";
  static final String COOKIE = "flight_session=s1";

  private MiddlewarePeer() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      usage();
    }
    int port = 0;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--port") && i + 1 < args.length) {
        port = Integer.parseInt(args[++i]);
      } else {
        usage();
      }
    }
    switch (args[0]) {
      case "server":
        serve(port);
        return;
      case "client":
        System.exit(report("middleware", middlewareClient(port)));
        return;
      case "cookie-client":
        System.exit(report("cookie", cookieClient(port)));
        return;
      default:
        usage();
    }
  }

  private static void usage() {
    System.err.println("usage: MiddlewarePeer server|client|cookie-client --port P");
    System.exit(2);
  }

  private static int report(String what, String failure) {
    System.out.println(failure == null ? "PASS " + what : "FAIL " + what + ": " + failure);
    System.out.flush();
    return failure == null ? 0 : 1;
  }

  // ---------------------------------------------------------------- server

  /** Per-call server middleware: echoes x-middleware, optionally sets a cookie, exposes cookies. */
  static final class Echo implements FlightServerMiddleware {
    static final FlightServerMiddleware.Key<Echo> KEY = FlightServerMiddleware.Key.of("echo");

    private final String echoed;
    private final List<String> cookies;
    private volatile String setCookie;

    Echo(String echoed, List<String> cookies) {
      this.echoed = echoed;
      this.cookies = cookies;
    }

    /** Asks for a set-cookie response header; call before the first response message. */
    void setCookie(String value) {
      this.setCookie = value;
    }

    List<String> cookies() {
      return cookies;
    }

    @Override
    public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {
      if (echoed != null) {
        outgoingHeaders.insert(HEADER, echoed);
      }
      String c = setCookie;
      if (c != null) {
        outgoingHeaders.insert("set-cookie", c);
      }
    }

    @Override
    public void onCallCompleted(CallStatus status) {}

    @Override
    public void onCallErrored(Throwable err) {}

    static final class Factory implements FlightServerMiddleware.Factory<Echo> {
      @Override
      public Echo onCallStarted(CallInfo info, CallHeaders incoming, RequestContext context) {
        List<String> cookies = new ArrayList<>();
        if (incoming.containsKey("cookie")) {
          incoming.getAll("cookie").forEach(cookies::add);
        }
        return new Echo(incoming.get(HEADER), cookies);
      }
    }
  }

  private static final class Producer extends NoOpFlightProducer {
    @Override
    public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
      if (descriptor.isCommand()
          && Arrays.equals(descriptor.getCommand(), "success".getBytes(StandardCharsets.UTF_8))) {
        return new FlightInfo(new Schema(List.of()), descriptor, List.of(), -1, -1);
      }
      throw CallStatus.UNKNOWN.withDescription("Unknown").toRuntimeException();
    }

    @Override
    public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
      Echo echo = context.getMiddleware(Echo.KEY);
      switch (action.getType()) {
        case "set-cookie":
          echo.setCookie(COOKIE + "; Path=/");
          listener.onNext(new Result("ok".getBytes(StandardCharsets.UTF_8)));
          listener.onCompleted();
          return;
        case "echo-cookie":
          listener.onNext(new Result(String.join("; ", echo.cookies()).getBytes(StandardCharsets.UTF_8)));
          listener.onCompleted();
          return;
        default:
          listener.onError(CallStatus.UNIMPLEMENTED
              .withDescription("unknown action " + action.getType()).toRuntimeException());
      }
    }
  }

  private static void serve(int port) throws Exception {
    BufferAllocator allocator = new RootAllocator(Long.MAX_VALUE);
    FlightServer server = FlightServer.builder(allocator, Location.forGrpcInsecure("localhost", port), new Producer())
        .middleware(Echo.KEY, new Echo.Factory())
        .build()
        .start();
    Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "middleware-peer-shutdown"));
    System.out.println("Server listening on localhost:" + server.getPort());
    System.out.flush();
    TlsPeer.exitAtStdinEof("middleware-peer-stdin");
    server.awaitTermination();
  }

  // ---------------------------------------------------------------- clients

  /** Client middleware factory: sends x-middleware on every call, records what comes back. */
  private static final class Injector implements FlightClientMiddleware.Factory {
    final AtomicReference<String> received = new AtomicReference<>();

    @Override
    public FlightClientMiddleware onCallStarted(CallInfo info) {
      return new FlightClientMiddleware() {
        @Override
        public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {
          outgoingHeaders.insert(HEADER, EXPECTED);
        }

        @Override
        public void onHeadersReceived(CallHeaders incomingHeaders) {
          String v = incomingHeaders.get(HEADER);
          if (v != null) {
            received.set(v);
          }
        }

        @Override
        public void onCallCompleted(CallStatus status) {}
      };
    }
  }

  private static String middlewareClient(int port) throws Exception {
    Injector injector = new Injector();
    try (BufferAllocator allocator = new RootAllocator(Long.MAX_VALUE);
        FlightClient client = FlightClient.builder(allocator, Location.forGrpcInsecure("localhost", port))
            .intercept(injector)
            .build()) {
      injector.received.set(null);
      try {
        client.getInfo(FlightDescriptor.command("".getBytes(StandardCharsets.UTF_8)));
        return "GetFlightInfo(\"\") succeeded, expected a failure";
      } catch (FlightRuntimeException e) {
        // expected
      }
      String got = injector.received.get();
      if (!EXPECTED.equals(got)) {
        return "failing call: x-middleware came back as " + quote(got) + ", expected \"" + EXPECTED + "\"";
      }
      injector.received.set(null);
      try {
        client.getInfo(FlightDescriptor.command("success".getBytes(StandardCharsets.UTF_8)));
      } catch (FlightRuntimeException e) {
        return "GetFlightInfo(\"success\") failed: " + e.status().code() + ": " + e.status().description();
      }
      got = injector.received.get();
      if (!EXPECTED.equals(got)) {
        return "succeeding call: x-middleware came back as " + quote(got) + ", expected \"" + EXPECTED + "\"";
      }
      return null;
    }
  }

  private static String cookieClient(int port) throws Exception {
    try (BufferAllocator allocator = new RootAllocator(Long.MAX_VALUE);
        FlightClient client = FlightClient.builder(allocator, Location.forGrpcInsecure("localhost", port))
            .intercept(new ClientCookieMiddleware.Factory())
            .build()) {
      List<String> first = action(client, "set-cookie");
      if (!first.equals(List.of("ok"))) {
        return "set-cookie returned " + first + ", expected [ok]";
      }
      List<String> echoed = action(client, "echo-cookie");
      if (!echoed.equals(List.of(COOKIE))) {
        return "echo-cookie returned " + echoed + ", expected [" + COOKIE + "]";
      }
      return null;
    } catch (FlightRuntimeException e) {
      return e.status().code() + ": " + e.status().description();
    }
  }

  private static List<String> action(FlightClient client, String type) {
    List<String> out = new ArrayList<>();
    client.doAction(new Action(type))
        .forEachRemaining(r -> out.add(new String(r.getBody(), StandardCharsets.UTF_8)));
    return out;
  }

  private static String quote(String s) {
    return s == null ? "nothing" : "\"" + s + "\"";
  }
}
