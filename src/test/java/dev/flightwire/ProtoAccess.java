package dev.flightwire;

import dev.flightwire.internal.convert.Protos;
import dev.flightwire.internal.convert.WellKnownActions;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Map;

/**
 * Test-only access to the package-private protobuf conversions ({@link Protos}) and well-known
 * action codecs ({@link WellKnownActions}), each exactly as the client or server applies it to a
 * message from the wire. For the fuzz targets in dev.flightwire.fuzz.
 */
public final class ProtoAccess {
  private ProtoAccess() {}

  /** GetFlightInfo / ListFlights response, as FlightClient parses it. */
  public static FlightInfo flightInfo(byte[] wire) throws InvalidProtocolBufferException {
    return Protos.fromProto(dev.flightwire.internal.proto.FlightInfo.parseFrom(wire));
  }

  /** PollFlightInfo response, as FlightClient parses it. */
  public static PollInfo pollInfo(byte[] wire) throws InvalidProtocolBufferException {
    return Protos.fromProto(dev.flightwire.internal.proto.PollInfo.parseFrom(wire));
  }

  /** A request descriptor (GetFlightInfo, PollFlightInfo, GetSchema, DoPut, DoExchange). */
  public static FlightDescriptor descriptor(byte[] wire) throws InvalidProtocolBufferException {
    return Protos.fromProto(dev.flightwire.internal.proto.FlightDescriptor.parseFrom(wire));
  }

  /** A DoGet ticket. */
  public static Ticket ticket(byte[] wire) throws InvalidProtocolBufferException {
    return Protos.fromProto(dev.flightwire.internal.proto.Ticket.parseFrom(wire));
  }

  /** ListFlights criteria, as ServerDispatcher reads them. */
  public static Criteria criteria(byte[] wire) throws InvalidProtocolBufferException {
    return new Criteria(dev.flightwire.internal.proto.Criteria.parseFrom(wire).getExpression().toByteArray());
  }

  /** A DoAction request, as ServerDispatcher reads it. */
  public static Action action(byte[] wire) throws InvalidProtocolBufferException {
    dev.flightwire.internal.proto.Action a = dev.flightwire.internal.proto.Action.parseFrom(wire);
    return new Action(a.getType(), a.getBody().toByteArray());
  }

  /** The handshake payload of a HandshakeRequest. */
  public static byte[] handshakePayload(byte[] wire) throws InvalidProtocolBufferException {
    return dev.flightwire.internal.proto.HandshakeRequest.parseFrom(wire).getPayload().toByteArray();
  }

  public static byte[] toWire(FlightInfo info) {
    return Protos.toProto(info).toByteArray();
  }

  public static byte[] toWire(PollInfo info) {
    return Protos.toProto(info).toByteArray();
  }

  public static byte[] toWire(FlightDescriptor descriptor) {
    return Protos.toProto(descriptor).toByteArray();
  }

  // the client side of the well-known actions

  public static CancelStatus cancelResult(byte[] body) {
    return WellKnownActions.cancelResult(body);
  }

  public static FlightEndpoint renewResult(byte[] body) {
    return WellKnownActions.renewResult(body);
  }

  public static Map<String, SessionOptionError> setSessionResult(byte[] body) {
    return WellKnownActions.setSessionResult(body);
  }

  public static Map<String, SessionOptionValue> getSessionResult(byte[] body) {
    return WellKnownActions.getSessionResult(body);
  }

  public static CloseSessionStatus closeResult(byte[] body) {
    return WellKnownActions.closeResult(body);
  }

  /** The server side: runs a well-known action's request body against {@code service}. */
  public static byte[] serveWellKnown(FlightServerBase service, String type, byte[] body) {
    return WellKnownActions.serve(service, null, new Action(type, body));
  }

  public static boolean isWellKnown(String type) {
    return WellKnownActions.isWellKnown(type);
  }
}
