package dev.flightwire.internal.convert;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.Location;
import dev.flightwire.PollInfo;
import dev.flightwire.Ticket;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;
import dev.flightwire.internal.proto.FlightDescriptor.DescriptorType;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts public value types to and from the generated protobuf classes. A message that parses
 * but does not make sense (a location that is not a URI, a timestamp beyond Instant's range) fails
 * like one that does not parse, with InvalidProtocolBufferException: every caller already turns
 * that into the right status (INTERNAL for a response, INVALID_ARGUMENT for an action request).
 */
public final class Protos {
  private Protos() {}

  public static dev.flightwire.internal.proto.FlightDescriptor toProto(FlightDescriptor d) {
    dev.flightwire.internal.proto.FlightDescriptor.Builder b = dev.flightwire.internal.proto.FlightDescriptor.newBuilder();
    switch (d.descriptorType()) {
      case PATH:
        b.setType(DescriptorType.PATH).addAllPath(d.path());
        break;
      case CMD:
        b.setType(DescriptorType.CMD).setCmd(ByteString.copyFrom(d.command()));
        break;
      default:
        b.setType(DescriptorType.UNKNOWN);
    }
    return b.build();
  }

  public static FlightDescriptor fromProto(dev.flightwire.internal.proto.FlightDescriptor p) {
    switch (p.getType()) {
      case PATH:
        return FlightDescriptor.forPath(p.getPathList());
      case CMD:
        return FlightDescriptor.forCommand(p.getCmd().toByteArray());
      default:
        if (p.getPathCount() > 0) {
          return FlightDescriptor.forPath(p.getPathList());
        }
        if (!p.getCmd().isEmpty()) {
          return FlightDescriptor.forCommand(p.getCmd().toByteArray());
        }
        return FlightDescriptor.unknown();
    }
  }

  public static dev.flightwire.internal.proto.Ticket toProto(Ticket t) {
    return dev.flightwire.internal.proto.Ticket.newBuilder().setTicket(ByteString.copyFrom(t.ticket())).build();
  }

  public static Ticket fromProto(dev.flightwire.internal.proto.Ticket t) {
    return new Ticket(t.getTicket().toByteArray());
  }

  public static dev.flightwire.internal.proto.FlightEndpoint toProto(FlightEndpoint e) {
    dev.flightwire.internal.proto.FlightEndpoint.Builder b = dev.flightwire.internal.proto.FlightEndpoint.newBuilder()
        .setTicket(toProto(e.ticket()))
        .setAppMetadata(ByteString.copyFrom(e.appMetadata()));
    for (Location l : e.locations()) {
      b.addLocation(dev.flightwire.internal.proto.Location.newBuilder().setUri(l.uri()));
    }
    if (e.expirationTime() != null) {
      b.setExpirationTime(toProto(e.expirationTime()));
    }
    return b.build();
  }

  public static FlightEndpoint fromProto(dev.flightwire.internal.proto.FlightEndpoint p) throws InvalidProtocolBufferException {
    List<Location> locations = new ArrayList<>();
    for (dev.flightwire.internal.proto.Location l : p.getLocationList()) {
      try {
        locations.add(Location.parse(l.getUri()));
      } catch (IllegalArgumentException e) {
        throw new InvalidProtocolBufferException("FlightEndpoint.location: " + e.getMessage());
      }
    }
    return new FlightEndpoint(fromProto(p.getTicket()), locations,
        p.hasExpirationTime() ? fromProto(p.getExpirationTime()) : null, p.getAppMetadata().toByteArray());
  }

  public static dev.flightwire.internal.proto.FlightInfo toProto(FlightInfo i) {
    dev.flightwire.internal.proto.FlightInfo.Builder b = dev.flightwire.internal.proto.FlightInfo.newBuilder()
        // the value's own arrays, wrapped without a copy: FlightInfo is immutable
        .setSchema(com.google.protobuf.UnsafeByteOperations.unsafeWrap(dev.flightwire.internal.Access.get().schemaBytesView(i)))
        .setFlightDescriptor(toProto(i.descriptor()))
        .setTotalRecords(i.totalRecords())
        .setTotalBytes(i.totalBytes())
        .setOrdered(i.ordered())
        .setAppMetadata(com.google.protobuf.UnsafeByteOperations.unsafeWrap(
            dev.flightwire.internal.Access.get().appMetadataView(i)));
    for (FlightEndpoint e : i.endpoints()) {
      b.addEndpoint(toProto(e));
    }
    return b.build();
  }

  public static FlightInfo fromProto(dev.flightwire.internal.proto.FlightInfo p) throws InvalidProtocolBufferException {
    List<FlightEndpoint> endpoints = new ArrayList<>();
    for (dev.flightwire.internal.proto.FlightEndpoint e : p.getEndpointList()) {
      endpoints.add(fromProto(e));
    }
    // toByteArray copies: the new FlightInfo owns the copies
    return dev.flightwire.internal.Access.get().flightInfoOwning(p.getSchema().toByteArray(),
        fromProto(p.getFlightDescriptor()), endpoints, p.getTotalRecords(), p.getTotalBytes(), p.getOrdered(),
        p.getAppMetadata().toByteArray());
  }

  public static dev.flightwire.internal.proto.PollInfo toProto(PollInfo p) {
    dev.flightwire.internal.proto.PollInfo.Builder b = dev.flightwire.internal.proto.PollInfo.newBuilder();
    if (p.info() != null) {
      b.setInfo(toProto(p.info()));
    }
    if (p.descriptor() != null) {
      b.setFlightDescriptor(toProto(p.descriptor()));
    }
    if (p.progress() != null) {
      b.setProgress(p.progress());
    }
    if (p.expirationTime() != null) {
      b.setExpirationTime(toProto(p.expirationTime()));
    }
    return b.build();
  }

  public static PollInfo fromProto(dev.flightwire.internal.proto.PollInfo p) throws InvalidProtocolBufferException {
    return new PollInfo(p.hasInfo() ? fromProto(p.getInfo()) : null,
        p.hasFlightDescriptor() ? fromProto(p.getFlightDescriptor()) : null,
        p.hasProgress() ? p.getProgress() : null,
        p.hasExpirationTime() ? fromProto(p.getExpirationTime()) : null);
  }

  public static Timestamp toProto(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }

  public static Instant fromProto(Timestamp t) throws InvalidProtocolBufferException {
    try {
      return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    } catch (DateTimeException | ArithmeticException e) {
      throw new InvalidProtocolBufferException("timestamp of " + t.getSeconds() + " s and " + t.getNanos()
          + " ns is out of range");
    }
  }

  /**
   * The serialized FlightDescriptor, as the first FlightData message of DoPut and DoExchange
   * carries it.
   *
   * @return owned bytes
   */
  public static byte[] descriptorBytes(FlightDescriptor d) {
    return toProto(d).toByteArray();
  }

  /**
   * Parses the FlightDescriptor a stream's first FlightData message carries.
   *
   * @throws GrpcStatusException INVALID_ARGUMENT when the bytes are not a FlightDescriptor
   */
  public static FlightDescriptor parseDescriptor(byte[] bytes) {
    try {
      return fromProto(dev.flightwire.internal.proto.FlightDescriptor.parseFrom(bytes));
    } catch (InvalidProtocolBufferException e) {
      throw GrpcStatusException.of(GrpcStatusCode.INVALID_ARGUMENT, "malformed FlightDescriptor: " + e.getMessage());
    }
  }

  /** The serialized Flight BasicAuth message (username = field 2, password = field 3). */
  public static byte[] basicAuth(String username, String password) {
    return dev.flightwire.internal.proto.BasicAuth.newBuilder().setUsername(username).setPassword(password).build()
        .toByteArray();
  }

  /**
   * Parses a BasicAuth message. Missing fields read as "".
   *
   * @return {username, password}, or null when the payload is not a BasicAuth message
   */
  public static String[] parseBasicAuth(byte[] payload) {
    try {
      dev.flightwire.internal.proto.BasicAuth p = dev.flightwire.internal.proto.BasicAuth.parseFrom(payload);
      return new String[] {p.getUsername(), p.getPassword()};
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
  }
}
