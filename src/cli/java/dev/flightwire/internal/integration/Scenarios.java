package dev.flightwire.internal.integration;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The scenarios by their Arrow names. */
public final class Scenarios {
  private static final Map<String, Supplier<Scenario>> ALL = new LinkedHashMap<>();

  static {
    ALL.put("auth:basic_proto", AuthBasicProtoScenario::new);
    ALL.put("middleware", MiddlewareScenario::new);
    ALL.put("ordered", OrderedScenario::new);
    ALL.put("expiration_time:do_get", ExpirationScenarios.DoGet::new);
    ALL.put("expiration_time:list_actions", ExpirationScenarios.ListActions::new);
    ALL.put("expiration_time:cancel_flight_info", ExpirationScenarios.CancelFlightInfo::new);
    ALL.put("expiration_time:renew_flight_endpoint", ExpirationScenarios.RenewFlightEndpoint::new);
    ALL.put("poll_flight_info", PollScenario::new);
    ALL.put("app_metadata_flight_info_endpoint", AppMetadataScenario::new);
    ALL.put("do_exchange:echo", ExchangeEchoScenario::new);
    ALL.put("location:reuse_connection", ReuseConnectionScenario::new);
    ALL.put("session_options", SessionOptionsScenario::new);
    ALL.put("flight_sql", FlightSqlScenarios.Basic::new);
    ALL.put("flight_sql:extension", FlightSqlScenarios.Extension::new);
    ALL.put("flight_sql:ingestion", FlightSqlScenarios.Ingestion::new);
  }

  private Scenarios() {}

  /** The scenario named {@code name}, or null. */
  public static Scenario get(String name) {
    Supplier<Scenario> s = ALL.get(name);
    return s == null ? null : s.get();
  }

  public static Set<String> names() {
    return ALL.keySet();
  }
}
