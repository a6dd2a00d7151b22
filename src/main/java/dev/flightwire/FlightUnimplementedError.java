package dev.flightwire;

/** The server does not implement the call or action (gRPC UNIMPLEMENTED). */
public class FlightUnimplementedError extends FlightError {
  private static final long serialVersionUID = 1L;

  public FlightUnimplementedError(String message) {
    super(FlightStatusCode.UNIMPLEMENTED, message);
  }

  public FlightUnimplementedError(String message, Throwable cause) {
    super(FlightStatusCode.UNIMPLEMENTED, message, cause);
  }

  FlightUnimplementedError(String message, Throwable cause, int grpcCode, CallHeaders trailers) {
    super(FlightStatusCode.UNIMPLEMENTED, grpcCode, message, cause, trailers);
  }
}
