package dev.flightwire.internal.integration;

import static dev.flightwire.internal.integration.IntegrationFailure.checkEquals;

import dev.flightwire.CloseSessionStatus;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightServer;
import dev.flightwire.FlightServerBase;
import dev.flightwire.ServerCallContext;
import dev.flightwire.SessionOptionError;
import dev.flightwire.SessionOptionValue;
import dev.flightwire.middleware.ClientCookieMiddlewareFactory;
import dev.flightwire.middleware.ServerSessionMiddleware;
import dev.flightwire.middleware.ServerSessionMiddlewareFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;

/**
 * {@code session_options}: sessions by the {@code arrow_flight_session_id} cookie (ids from
 * 1000). SetSessionOptions refuses the name "lol_invalid" (INVALID_NAME) and the string value
 * "lol_invalid" (INVALID_VALUE); an empty value removes the option.
 */
final class SessionOptionsScenario implements Scenario {
  private static final List<String> STRINGS = List.of("a", "b", "sea", "dee", " ", "f", "g", "h", "i", "j", "k",
      "lmnop");

  @Override
  public FlightServerBase service(BufferAllocator allocator) {
    return new FlightServerBase() {
      private ServerSessionMiddleware middleware(ServerCallContext context) {
        return context.middleware(ServerSessionMiddlewareFactory.KEY);
      }

      @Override
      public Map<String, SessionOptionError> setSessionOptions(ServerCallContext context,
          Map<String, SessionOptionValue> options) {
        Map<String, SessionOptionValue> session = middleware(context).session().options();
        Map<String, SessionOptionError> errors = new LinkedHashMap<>();
        options.forEach((name, value) -> {
          if (name.equals("lol_invalid")) {
            errors.put(name, SessionOptionError.INVALID_NAME);
          } else if (value.kind() == SessionOptionValue.Kind.STRING && value.stringValue().equals("lol_invalid")) {
            errors.put(name, SessionOptionError.INVALID_VALUE);
          } else if (value.isEmpty()) {
            session.remove(name);
          } else {
            session.put(name, value);
          }
        });
        return errors;
      }

      @Override
      public Map<String, SessionOptionValue> getSessionOptions(ServerCallContext context) {
        ServerSessionMiddleware.Session s = middleware(context).existingSession();
        if (s == null) {
          throw new FlightInvalidArgumentError("no session: call SetSessionOptions first");
        }
        return s.options();
      }

      @Override
      public CloseSessionStatus closeSession(ServerCallContext context) {
        ServerSessionMiddleware m = middleware(context);
        if (!m.hasSession()) {
          throw new FlightInvalidArgumentError("no session to close");
        }
        m.closeSession();
        return CloseSessionStatus.CLOSED;
      }
    };
  }

  @Override
  public void configureServer(FlightServer.Builder builder) {
    AtomicLong ids = new AtomicLong(1000);
    builder.middleware(ServerSessionMiddlewareFactory.KEY,
        new ServerSessionMiddlewareFactory(() -> Long.toString(ids.getAndIncrement())));
  }

  @Override
  public void configureClient(FlightClientOptions.Builder builder) {
    builder.middleware(new ClientCookieMiddlewareFactory());
  }

  @Override
  public void runClient(BufferAllocator allocator, FlightClient client) {
    Map<String, SessionOptionValue> first = new LinkedHashMap<>();
    first.put("foolong", SessionOptionValue.of(123L));
    first.put("bardouble", SessionOptionValue.of(456.0));
    first.put("lol_invalid", SessionOptionValue.of("this won't get set"));
    first.put("key_with_invalid_value", SessionOptionValue.of("lol_invalid"));
    first.put("big_ol_string_list", SessionOptionValue.of(STRINGS));
    checkEquals(Map.of("lol_invalid", SessionOptionError.INVALID_NAME,
        "key_with_invalid_value", SessionOptionError.INVALID_VALUE), client.setSessionOptions(first),
        "errors of the first SetSessionOptions");
    checkEquals(Map.of("foolong", SessionOptionValue.of(123L), "bardouble", SessionOptionValue.of(456.0),
        "big_ol_string_list", SessionOptionValue.of(STRINGS)), client.getSessionOptions(),
        "options after the first SetSessionOptions");

    Map<String, SessionOptionValue> second = new LinkedHashMap<>();
    second.put("foolong", SessionOptionValue.empty());
    second.put("big_ol_string_list", SessionOptionValue.of(String.join(",", STRINGS)));
    checkEquals(Map.of(), client.setSessionOptions(second), "errors of the second SetSessionOptions");
    checkEquals(Map.of("bardouble", SessionOptionValue.of(456.0),
        "big_ol_string_list", SessionOptionValue.of(String.join(",", STRINGS))), client.getSessionOptions(),
        "options after the second SetSessionOptions");
    checkEquals(CloseSessionStatus.CLOSED, client.closeSession(), "CloseSession status");
  }
}
