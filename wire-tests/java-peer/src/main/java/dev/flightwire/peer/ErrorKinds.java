package dev.flightwire.peer;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;

/** The error kinds of the conformance contract and how Arrow Java expresses each. */
final class ErrorKinds {
  private ErrorKinds() {}

  /** kind name -> Arrow Java status code, in contract table order. */
  static final Map<String, FlightStatusCode> KINDS = new LinkedHashMap<>();

  static {
    KINDS.put("unauthenticated", FlightStatusCode.UNAUTHENTICATED);
    KINDS.put("unauthorized", FlightStatusCode.UNAUTHORIZED);
    KINDS.put("unavailable", FlightStatusCode.UNAVAILABLE);
    KINDS.put("timed_out", FlightStatusCode.TIMED_OUT);
    KINDS.put("cancelled", FlightStatusCode.CANCELLED);
    KINDS.put("internal", FlightStatusCode.INTERNAL);
    KINDS.put("server_error", FlightStatusCode.UNKNOWN);
    KINDS.put("invalid", FlightStatusCode.INVALID_ARGUMENT);
    KINDS.put("not_found", FlightStatusCode.NOT_FOUND);
    KINDS.put("unimplemented", FlightStatusCode.UNIMPLEMENTED);
    KINDS.put("already_exists", FlightStatusCode.ALREADY_EXISTS);
  }

  static CallStatus status(FlightStatusCode code) {
    switch (code) {
      case UNAUTHENTICATED:
        return CallStatus.UNAUTHENTICATED;
      case UNAUTHORIZED:
        return CallStatus.UNAUTHORIZED;
      case UNAVAILABLE:
        return CallStatus.UNAVAILABLE;
      case TIMED_OUT:
        return CallStatus.TIMED_OUT;
      case CANCELLED:
        return CallStatus.CANCELLED;
      case INTERNAL:
        return CallStatus.INTERNAL;
      case UNKNOWN:
        return CallStatus.UNKNOWN;
      case INVALID_ARGUMENT:
        return CallStatus.INVALID_ARGUMENT;
      case NOT_FOUND:
        return CallStatus.NOT_FOUND;
      case UNIMPLEMENTED:
        return CallStatus.UNIMPLEMENTED;
      case ALREADY_EXISTS:
        return CallStatus.ALREADY_EXISTS;
      default:
        throw new IllegalArgumentException("no CallStatus for " + code);
    }
  }

  /** Builds the error for {@code kind:message}; an unknown kind is itself an INVALID_ARGUMENT. */
  static FlightRuntimeException fromKindAndMessage(String kindAndMessage) {
    int colon = kindAndMessage.indexOf(':');
    String kind = colon < 0 ? kindAndMessage : kindAndMessage.substring(0, colon);
    String message = colon < 0 ? "" : kindAndMessage.substring(colon + 1);
    FlightStatusCode code = KINDS.get(kind);
    if (code == null) {
      return CallStatus.INVALID_ARGUMENT
          .withDescription("unknown error kind: " + kind)
          .toRuntimeException();
    }
    return status(code).withDescription(message).toRuntimeException();
  }
}
