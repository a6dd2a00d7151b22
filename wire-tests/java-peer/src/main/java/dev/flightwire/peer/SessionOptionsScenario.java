package dev.flightwire.peer;

import static dev.flightwire.peer.Checks.check;
import static dev.flightwire.peer.Checks.checkEqual;
import static dev.flightwire.peer.Checks.fail;
import static dev.flightwire.peer.Checks.step;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.CloseSessionRequest;
import org.apache.arrow.flight.CloseSessionResult;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightClientMiddleware;
import org.apache.arrow.flight.FlightConstants;
import org.apache.arrow.flight.FlightProducer;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.apache.arrow.flight.GetSessionOptionsRequest;
import org.apache.arrow.flight.GetSessionOptionsResult;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.ServerSessionMiddleware;
import org.apache.arrow.flight.SessionOptionValue;
import org.apache.arrow.flight.SessionOptionValueFactory;
import org.apache.arrow.flight.SessionOptionValueVisitor;
import org.apache.arrow.flight.SetSessionOptionsRequest;
import org.apache.arrow.flight.SetSessionOptionsResult;
import org.apache.arrow.flight.client.ClientCookieMiddleware;
import org.apache.arrow.memory.BufferAllocator;

/**
 * {@code session_options}: SetSessionOptions / GetSessionOptions / CloseSession, with the session
 * kept in the cookie {@code arrow_flight_session_id}.
 *
 * <p>Server: Arrow Java's {@link ServerSessionMiddleware} (ids "1000", "1001", ...; a call without
 * the cookie gets a session only when it asks for one, which adds {@code set-cookie:
 * arrow_flight_session_id=<id>} to the response). The actions take and give the Flight protocol
 * messages (what a Flight SQL server does for them; flight-core has all the types, so no
 * flight-sql dependency). SetSessionOptions answers INVALID_NAME for the name "lol_invalid",
 * INVALID_VALUE for the string value "lol_invalid", erases an option given without a value, and
 * sets the others. GetSessionOptions without a session fails with NOT_FOUND; CloseSession closes
 * the session (CLOSED). Other actions fail with UNIMPLEMENTED.
 *
 * <p>Client (Arrow Java's {@link ClientCookieMiddleware}):
 *
 * <ol>
 *   <li>Set {foolong: int64 123, bardouble: double 456.0, lol_invalid: "this won't get set",
 *       key_with_invalid_value: "lol_invalid", big_ol_string_list: [8 strings, one non-ASCII]}
 *       must answer exactly the errors {lol_invalid: INVALID_NAME, key_with_invalid_value:
 *       INVALID_VALUE}, and (beyond Arrow) its response must set the cookie
 *       arrow_flight_session_id to a non-empty value.
 *   <li>Get must answer exactly {foolong, bardouble, big_ol_string_list} with those values and
 *       value types.
 *   <li>Set {foolong: no value, big_ol_string_list: the string "a,b,sea,dee, ,  ,geee,..."} must
 *       answer no errors (beyond Arrow, which ignores this result).
 *   <li>Get must answer exactly {bardouble: double 456.0, big_ol_string_list: that string}.
 * </ol>
 */
final class SessionOptionsScenario implements IntegrationScenario {
  static final String COOKIE = ServerSessionMiddleware.sessionCookieName;
  static final String[] LIST = {"a", "b", "sea", "dee", " ", "  ", "geee", "(づ｡◕‿‿◕｡)づ"};
  static final String JOINED = "a,b,sea,dee, ,  ,geee,(づ｡◕‿‿◕｡)づ";

  private static final FlightServerMiddleware.Key<ServerSessionMiddleware> KEY =
      FlightServerMiddleware.Key.of("arrow-session");

  @Override
  public FlightProducer producer(BufferAllocator allocator, Supplier<Location> self) {
    return new Producer();
  }

  @Override
  public void configure(FlightServer.Builder builder) {
    AtomicInteger ids = new AtomicInteger(1000);
    builder.middleware(KEY,
        new ServerSessionMiddleware.Factory(() -> Integer.toString(ids.getAndIncrement())));
  }

  private static final class Producer extends NoOpFlightProducer {
    @Override
    public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
      ServerSessionMiddleware session = context.getMiddleware(KEY);
      ByteBuffer body = ByteBuffer.wrap(action.getBody() == null ? new byte[0] : action.getBody());
      byte[] answer;
      try {
        String type = action.getType();
        if (type.equals(FlightConstants.SET_SESSION_OPTIONS.getType())) {
          answer = set(session, SetSessionOptionsRequest.deserialize(body));
        } else if (type.equals(FlightConstants.GET_SESSION_OPTIONS.getType())) {
          GetSessionOptionsRequest.deserialize(body);
          if (!session.hasSession()) {
            throw CallStatus.NOT_FOUND.withDescription("No current server session")
                .toRuntimeException();
          }
          answer = Checks.array(
              new GetSessionOptionsResult(session.getSession().getSessionOptions()).serialize());
        } else if (type.equals(FlightConstants.CLOSE_SESSION.getType())) {
          CloseSessionRequest.deserialize(body);
          session.closeSession();
          answer = Checks.array(new CloseSessionResult(CloseSessionResult.Status.CLOSED).serialize());
        } else {
          throw CallStatus.UNIMPLEMENTED.withDescription("Unknown action: " + type)
              .toRuntimeException();
        }
      } catch (FlightRuntimeException e) {
        listener.onError(e);
        return;
      } catch (IOException e) {
        listener.onError(CallStatus.INVALID_ARGUMENT
            .withDescription("cannot parse the " + action.getType() + " request: " + e)
            .toRuntimeException());
        return;
      }
      listener.onNext(new Result(answer));
      listener.onCompleted();
    }

    private static byte[] set(ServerSessionMiddleware middleware, SetSessionOptionsRequest req) {
      Map<String, SetSessionOptionsResult.Error> errors = new LinkedHashMap<>();
      ServerSessionMiddleware.Session session = middleware.getSession();
      for (Map.Entry<String, SessionOptionValue> e : req.getSessionOptions().entrySet()) {
        String name = e.getKey();
        SessionOptionValue value = e.getValue();
        if (name.equals("lol_invalid")) {
          errors.put(name, new SetSessionOptionsResult.Error(
              SetSessionOptionsResult.ErrorValue.INVALID_NAME));
        } else if (describe(value).equals(describe(value("lol_invalid")))) {
          errors.put(name, new SetSessionOptionsResult.Error(
              SetSessionOptionsResult.ErrorValue.INVALID_VALUE));
        } else if (value.isEmpty()) {
          session.eraseSessionOption(name);
        } else {
          session.setSessionOption(name, value);
        }
      }
      return Checks.array(new SetSessionOptionsResult(errors).serialize());
    }
  }

  private static SessionOptionValue value(long v) {
    return SessionOptionValueFactory.makeSessionOptionValue(v);
  }

  private static SessionOptionValue value(double v) {
    return SessionOptionValueFactory.makeSessionOptionValue(v);
  }

  private static SessionOptionValue value(String v) {
    return SessionOptionValueFactory.makeSessionOptionValue(v);
  }

  private static SessionOptionValue value(String[] v) {
    return SessionOptionValueFactory.makeSessionOptionValue(v);
  }

  /** A value with its type, e.g. {@code int64 123} or {@code string_list ["a", "b"]}. */
  static String describe(SessionOptionValue v) {
    if (v == null) {
      return "nothing";
    }
    return v.acceptVisitor(new SessionOptionValueVisitor<String>() {
      @Override
      public String visit(String s) {
        return "string \"" + s + "\"";
      }

      @Override
      public String visit(boolean b) {
        return "bool " + b;
      }

      @Override
      public String visit(long l) {
        return "int64 " + l;
      }

      @Override
      public String visit(double d) {
        return "double " + d;
      }

      @Override
      public String visit(String[] list) {
        List<String> quoted = new ArrayList<>();
        for (String s : list) {
          quoted.add("\"" + s + "\"");
        }
        return "string_list " + quoted;
      }

      @Override
      public String visit(Void nothing) {
        return "no value";
      }
    });
  }

  private static Map<String, String> describeAll(Map<String, SessionOptionValue> options) {
    Map<String, String> out = new TreeMap<>();
    options.forEach((k, v) -> out.put(k, describe(v)));
    return out;
  }

  private static Map<String, String> describeErrors(Map<String, SetSessionOptionsResult.Error> e) {
    Map<String, String> out = new TreeMap<>();
    e.forEach((k, v) -> out.put(k, v == null ? "no error value" : String.valueOf(v.value)));
    return out;
  }

  /** Keeps every set-cookie header value the server sends. */
  private static final class SetCookieRecorder implements FlightClientMiddleware.Factory {
    final List<String> setCookies = new ArrayList<>();

    @Override
    public FlightClientMiddleware onCallStarted(CallInfo info) {
      return new FlightClientMiddleware() {
        @Override
        public void onBeforeSendingHeaders(CallHeaders outgoing) {}

        @Override
        public void onHeadersReceived(CallHeaders incoming) {
          if (incoming.containsKey("set-cookie")) {
            synchronized (setCookies) {
              incoming.getAll("set-cookie").forEach(setCookies::add);
            }
          }
        }

        @Override
        public void onCallCompleted(CallStatus status) {}
      };
    }

    List<String> takeAll() {
      synchronized (setCookies) {
        List<String> out = new ArrayList<>(setCookies);
        setCookies.clear();
        return out;
      }
    }
  }

  @Override
  public void runClient(BufferAllocator allocator, Location server, FlightClient ignored)
      throws Exception {
    SetCookieRecorder recorder = new SetCookieRecorder();
    try (FlightClient client = FlightClient.builder(allocator, server)
        .intercept(new ClientCookieMiddleware.Factory())
        .intercept(recorder)
        .build()) {
      Map<String, SessionOptionValue> first = new LinkedHashMap<>();
      first.put("foolong", value(123L));
      first.put("bardouble", value(456.0));
      first.put("lol_invalid", value("this won't get set"));
      first.put("key_with_invalid_value", value("lol_invalid"));
      first.put("big_ol_string_list", value(LIST.clone()));

      step("SetSessionOptions #1 (5 options)");
      SetSessionOptionsResult r1 = client.setSessionOptions(new SetSessionOptionsRequest(first));
      Map<String, String> expectedErrors = new TreeMap<>();
      expectedErrors.put("key_with_invalid_value", "INVALID_VALUE");
      expectedErrors.put("lol_invalid", "INVALID_NAME");
      checkEqual("SetSessionOptions #1 errors", expectedErrors, describeErrors(r1.getErrors()));
      checkSessionCookie(recorder.takeAll());

      step("GetSessionOptions #1");
      GetSessionOptionsResult g1 = client.getSessionOptions(new GetSessionOptionsRequest());
      Map<String, String> expected = new TreeMap<>();
      expected.put("bardouble", "double 456.0");
      expected.put("big_ol_string_list", describe(value(LIST.clone())));
      expected.put("foolong", "int64 123");
      checkEqual("GetSessionOptions #1 options", expected, describeAll(g1.getSessionOptions()));

      Map<String, SessionOptionValue> second = new LinkedHashMap<>();
      second.put("foolong", SessionOptionValueFactory.makeEmptySessionOptionValue());
      second.put("big_ol_string_list", value(JOINED));
      step("SetSessionOptions #2 (erase foolong, big_ol_string_list becomes a string)");
      SetSessionOptionsResult r2 = client.setSessionOptions(new SetSessionOptionsRequest(second));
      checkEqual("SetSessionOptions #2 errors", new TreeMap<String, String>(),
          describeErrors(r2.getErrors()));

      step("GetSessionOptions #2");
      GetSessionOptionsResult g2 = client.getSessionOptions(new GetSessionOptionsRequest());
      expected.clear();
      expected.put("bardouble", "double 456.0");
      expected.put("big_ol_string_list", "string \"" + JOINED + "\"");
      checkEqual("GetSessionOptions #2 options", expected, describeAll(g2.getSessionOptions()));
    }
  }

  /** The first response must set the session cookie (any attributes may follow the value). */
  private static void checkSessionCookie(List<String> setCookies) {
    for (String header : setCookies) {
      String pair = header.split(";", 2)[0].trim();
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).trim().equals(COOKIE)) {
        check(!pair.substring(eq + 1).trim().isEmpty(),
            "SetSessionOptions #1: set-cookie " + COOKIE + " has an empty value: " + header);
        return;
      }
    }
    throw fail("SetSessionOptions #1: the response did not set the cookie " + COOKIE
        + " (set-cookie headers: " + (setCookies.isEmpty() ? "none" : setCookies) + ")");
  }
}
