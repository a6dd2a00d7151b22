package dev.flightwire.middleware;

/** The Flight RPCs, with their gRPC method names. */
public enum FlightMethod {
  HANDSHAKE("Handshake"),
  LIST_FLIGHTS("ListFlights"),
  GET_FLIGHT_INFO("GetFlightInfo"),
  POLL_FLIGHT_INFO("PollFlightInfo"),
  GET_SCHEMA("GetSchema"),
  DO_GET("DoGet"),
  DO_PUT("DoPut"),
  DO_EXCHANGE("DoExchange"),
  LIST_ACTIONS("ListActions"),
  DO_ACTION("DoAction");

  /** The gRPC service all Flight methods belong to. */
  public static final String SERVICE = "arrow.flight.protocol.FlightService";

  private final String grpcName;
  private final String path;

  FlightMethod(String grpcName) {
    this.grpcName = grpcName;
    this.path = "/" + SERVICE + "/" + grpcName;
  }

  /** The method name, for example {@code DoGet}. */
  public String grpcName() {
    return grpcName;
  }

  /** The HTTP/2 {@code :path}, for example {@code /arrow.flight.protocol.FlightService/DoGet}. */
  public String path() {
    return path;
  }

  /** The method for a request path, or null when the path names no Flight method. */
  public static FlightMethod fromPath(String path) {
    for (FlightMethod m : values()) {
      if (m.path.equals(path)) {
        return m;
      }
    }
    return null;
  }
}
