package dev.flightwire.internal.convert;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.flightwire.Action;
import dev.flightwire.ActionType;
import dev.flightwire.CancelStatus;
import dev.flightwire.CloseSessionStatus;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInternalError;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightServerBase;
import dev.flightwire.ServerCallContext;
import dev.flightwire.SessionOptionError;
import dev.flightwire.SessionOptionValue;
import dev.flightwire.internal.proto.CancelFlightInfoRequest;
import dev.flightwire.internal.proto.CancelFlightInfoResult;
import dev.flightwire.internal.proto.CloseSessionResult;
import dev.flightwire.internal.proto.GetSessionOptionsResult;
import dev.flightwire.internal.proto.RenewFlightEndpointRequest;
import dev.flightwire.internal.proto.SetSessionOptionsRequest;
import dev.flightwire.internal.proto.SetSessionOptionsResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The well-known actions of Flight (CancelFlightInfo, RenewFlightEndpoint and the session
 * actions): their type names, and their request and result bodies in both directions.
 */
public final class WellKnownActions {
  public static final String CANCEL_FLIGHT_INFO = "CancelFlightInfo";
  public static final String RENEW_FLIGHT_ENDPOINT = "RenewFlightEndpoint";
  public static final String SET_SESSION_OPTIONS = "SetSessionOptions";
  public static final String GET_SESSION_OPTIONS = "GetSessionOptions";
  public static final String CLOSE_SESSION = "CloseSession";

  public static final ActionType CANCEL_FLIGHT_INFO_TYPE = new ActionType(CANCEL_FLIGHT_INFO,
      "Explicitly cancel a running FlightInfo.\nRequest Message: CancelFlightInfoRequest\n"
          + "Response Message: CancelFlightInfoResult");
  public static final ActionType RENEW_FLIGHT_ENDPOINT_TYPE = new ActionType(RENEW_FLIGHT_ENDPOINT,
      "Extend expiration time of the given FlightEndpoint.\nRequest Message: RenewFlightEndpointRequest\n"
          + "Response Message: Renewed FlightEndpoint");

  private WellKnownActions() {}

  public static boolean isWellKnown(String type) {
    switch (type) {
      case CANCEL_FLIGHT_INFO:
      case RENEW_FLIGHT_ENDPOINT:
      case SET_SESSION_OPTIONS:
      case GET_SESSION_OPTIONS:
      case CLOSE_SESSION:
        return true;
      default:
        return false;
    }
  }

  // ------------------------------------------------------------------ server side

  /** Runs a well-known action on {@code service}; returns the single result body. */
  public static byte[] serve(FlightServerBase service, ServerCallContext context, Action action) {
    try {
      switch (action.type()) {
        case CANCEL_FLIGHT_INFO: {
          FlightInfo info = Protos.fromProto(parseRequest(action.body(), CancelFlightInfoRequest.parser()).getInfo());
          CancelStatus status = service.cancelFlightInfo(context, info);
          return CancelFlightInfoResult.newBuilder().setStatusValue(status == null ? 0 : status.ordinal()).build()
              .toByteArray();
        }
        case RENEW_FLIGHT_ENDPOINT: {
          FlightEndpoint e = Protos.fromProto(parseRequest(action.body(), RenewFlightEndpointRequest.parser()).getEndpoint());
          return Protos.toProto(service.renewFlightEndpoint(context, e)).toByteArray();
        }
        case SET_SESSION_OPTIONS: {
          Map<String, SessionOptionValue> options = new LinkedHashMap<>();
          parseRequest(action.body(), SetSessionOptionsRequest.parser()).getSessionOptionsMap()
              .forEach((k, v) -> options.put(k, fromProto(v)));
          Map<String, SessionOptionError> errors = service.setSessionOptions(context, options);
          SetSessionOptionsResult.Builder b = SetSessionOptionsResult.newBuilder();
          if (errors != null) {
            errors.forEach((k, v) -> b.putErrors(k, SetSessionOptionsResult.Error.newBuilder()
                .setValueValue(v.ordinal()).build()));
          }
          return b.build().toByteArray();
        }
        case GET_SESSION_OPTIONS: {
          GetSessionOptionsResult.Builder b = GetSessionOptionsResult.newBuilder();
          Map<String, SessionOptionValue> options = service.getSessionOptions(context);
          if (options != null) {
            options.forEach((k, v) -> b.putSessionOptions(k, toProto(v)));
          }
          return b.build().toByteArray();
        }
        case CLOSE_SESSION: {
          CloseSessionStatus s = service.closeSession(context);
          return CloseSessionResult.newBuilder().setStatusValue(s == null ? 0 : s.ordinal()).build().toByteArray();
        }
        default:
          throw new IllegalArgumentException("not a well-known action: " + action.type());
      }
    } catch (InvalidProtocolBufferException e) {
      throw new FlightInvalidArgumentError("malformed " + action.type() + " request: " + e.getMessage());
    }
  }

  // ------------------------------------------------------------------ client side

  public static byte[] cancelRequest(FlightInfo info) {
    return CancelFlightInfoRequest.newBuilder().setInfo(Protos.toProto(info)).build().toByteArray();
  }

  public static CancelStatus cancelResult(byte[] body) {
    int v = parse(body, CancelFlightInfoResult.parser(), CANCEL_FLIGHT_INFO).getStatusValue();
    return v >= 0 && v < CancelStatus.values().length ? CancelStatus.values()[v] : CancelStatus.UNSPECIFIED;
  }

  public static byte[] renewRequest(FlightEndpoint endpoint) {
    return RenewFlightEndpointRequest.newBuilder().setEndpoint(Protos.toProto(endpoint)).build().toByteArray();
  }

  public static FlightEndpoint renewResult(byte[] body) {
    try {
      return Protos.fromProto(parse(body, dev.flightwire.internal.proto.FlightEndpoint.parser(), RENEW_FLIGHT_ENDPOINT));
    } catch (InvalidProtocolBufferException e) {
      throw new FlightInternalError("malformed " + RENEW_FLIGHT_ENDPOINT + " result: " + e.getMessage());
    }
  }

  public static byte[] setSessionRequest(Map<String, SessionOptionValue> options) {
    SetSessionOptionsRequest.Builder b = SetSessionOptionsRequest.newBuilder();
    options.forEach((k, v) -> b.putSessionOptions(k, toProto(v)));
    return b.build().toByteArray();
  }

  public static Map<String, SessionOptionError> setSessionResult(byte[] body) {
    Map<String, SessionOptionError> errors = new LinkedHashMap<>();
    parse(body, SetSessionOptionsResult.parser(), SET_SESSION_OPTIONS).getErrorsMap().forEach((k, v) -> {
      int i = v.getValueValue();
      errors.put(k, i >= 0 && i < SessionOptionError.values().length ? SessionOptionError.values()[i]
          : SessionOptionError.UNSPECIFIED);
    });
    return errors;
  }

  public static Map<String, SessionOptionValue> getSessionResult(byte[] body) {
    Map<String, SessionOptionValue> options = new LinkedHashMap<>();
    parse(body, GetSessionOptionsResult.parser(), GET_SESSION_OPTIONS).getSessionOptionsMap()
        .forEach((k, v) -> options.put(k, fromProto(v)));
    return options;
  }

  public static byte[] getSessionRequest() {
    return dev.flightwire.internal.proto.GetSessionOptionsRequest.getDefaultInstance().toByteArray();
  }

  public static byte[] closeSessionRequest() {
    return dev.flightwire.internal.proto.CloseSessionRequest.getDefaultInstance().toByteArray();
  }

  public static CloseSessionStatus closeResult(byte[] body) {
    int v = parse(body, CloseSessionResult.parser(), CLOSE_SESSION).getStatusValue();
    return v >= 0 && v < CloseSessionStatus.values().length ? CloseSessionStatus.values()[v]
        : CloseSessionStatus.UNSPECIFIED;
  }

  private static <T> T parse(byte[] body, com.google.protobuf.Parser<T> parser, String what) {
    try {
      return parseRequest(body, parser);
    } catch (InvalidProtocolBufferException e) {
      throw new FlightInternalError("malformed " + what + " result: " + e.getMessage());
    }
  }

  /**
   * Parses through a CodedInputStream, never {@code parseFrom(byte[])}: protobuf-javalite 4.36's
   * byte-array fast path loops forever on a map entry holding an unknown field with a negative
   * length (SetSessionOptionsRequest, SetSessionOptionsResult and GetSessionOptionsResult have
   * maps), where the stream reader refuses it with InvalidProtocolBufferException.
   */
  private static <T> T parseRequest(byte[] body, com.google.protobuf.Parser<T> parser)
      throws InvalidProtocolBufferException {
    return parser.parseFrom(CodedInputStream.newInstance(body));
  }

  // ------------------------------------------------------------------ session option values

  public static dev.flightwire.internal.proto.SessionOptionValue toProto(SessionOptionValue v) {
    dev.flightwire.internal.proto.SessionOptionValue.Builder b = dev.flightwire.internal.proto.SessionOptionValue
        .newBuilder();
    switch (v.kind()) {
      case STRING:
        return b.setStringValue(v.stringValue()).build();
      case BOOL:
        return b.setBoolValue(v.boolValue()).build();
      case INT64:
        return b.setInt64Value(v.longValue()).build();
      case DOUBLE:
        return b.setDoubleValue(v.doubleValue()).build();
      case STRING_LIST:
        return b.setStringListValue(dev.flightwire.internal.proto.SessionOptionValue.StringListValue.newBuilder()
            .addAllValues(v.stringListValue())).build();
      default:
        return b.build();
    }
  }

  public static SessionOptionValue fromProto(dev.flightwire.internal.proto.SessionOptionValue p) {
    switch (p.getOptionValueCase()) {
      case STRING_VALUE:
        return SessionOptionValue.of(p.getStringValue());
      case BOOL_VALUE:
        return SessionOptionValue.of(p.getBoolValue());
      case INT64_VALUE:
        return SessionOptionValue.of(p.getInt64Value());
      case DOUBLE_VALUE:
        return SessionOptionValue.of(p.getDoubleValue());
      case STRING_LIST_VALUE:
        return SessionOptionValue.of(List.copyOf(p.getStringListValue().getValuesList()));
      default:
        return SessionOptionValue.empty();
    }
  }
}
