package dev.flightwire.middleware;

/**
 * The Flight RPCs of {@code arrow.flight.protocol.FlightService}, with their gRPC method names,
 * as middleware and {@link dev.flightwire.ServerCallContext#method()} report them. The well-known
 * actions (CancelFlightInfo, the session actions, ...) are {@link #DO_ACTION} calls.
 */
public enum FlightMethod {
  /** Handshake: bidirectional exchange of authentication payloads. */
  HANDSHAKE("Handshake"),
  /** ListFlights: a stream of FlightInfo matching a criteria. */
  LIST_FLIGHTS("ListFlights"),
  /** GetFlightInfo: the FlightInfo of one descriptor. */
  GET_FLIGHT_INFO("GetFlightInfo"),
  /** PollFlightInfo: the progress of a long-running query. */
  POLL_FLIGHT_INFO("PollFlightInfo"),
  /** GetSchema: the schema of one descriptor. */
  GET_SCHEMA("GetSchema"),
  /** DoGet: the data stream of a ticket. */
  DO_GET("DoGet"),
  /** DoPut: an upload, answered by a stream of acknowledgements. */
  DO_PUT("DoPut"),
  /** DoExchange: data streams in both directions. */
  DO_EXCHANGE("DoExchange"),
  /** ListActions: the action types a service offers. */
  LIST_ACTIONS("ListActions"),
  /** DoAction: runs an action, answered by a stream of results. */
  DO_ACTION("DoAction");

  /** The fully qualified gRPC service all Flight methods belong to. */
  public static final String SERVICE = "arrow.flight.protocol.FlightService";

  private final String grpcName;
  private final String path;

  FlightMethod(String grpcName) {
    this.grpcName = grpcName;
    this.path = "/" + SERVICE + "/" + grpcName;
  }

  /**
   * The gRPC method name.
   *
   * @return the name, for example {@code DoGet}
   */
  public String grpcName() {
    return grpcName;
  }

  /**
   * The HTTP/2 {@code :path} of a call to this method.
   *
   * @return the path, for example {@code /arrow.flight.protocol.FlightService/DoGet}
   */
  public String path() {
    return path;
  }

  /**
   * The method a request path names.
   *
   * @param path an HTTP/2 {@code :path}, compared exactly (case-sensitive)
   * @return the method, or null when the path names no Flight method
   */
  public static FlightMethod fromPath(String path) {
    for (FlightMethod m : values()) {
      if (m.path.equals(path)) {
        return m;
      }
    }
    return null;
  }
}
