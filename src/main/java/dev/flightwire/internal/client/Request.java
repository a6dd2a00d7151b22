package dev.flightwire.internal.client;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import dev.flightwire.Action;
import dev.flightwire.Criteria;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.Ticket;
import dev.flightwire.internal.convert.Protos;

/**
 * The request message a call sends with its headers, built from public value types, so that the
 * public client never names a protobuf class. Immutable.
 */
public final class Request {
  private final MessageLite message;

  private Request(MessageLite message) {
    this.message = message;
  }

  /** The message to frame and send. */
  MessageLite message() {
    return message;
  }

  /** GetFlightInfo, PollFlightInfo, GetSchema. */
  public static Request of(FlightDescriptor descriptor) {
    return new Request(Protos.toProto(descriptor));
  }

  /** DoGet. */
  public static Request of(Ticket ticket) {
    return new Request(Protos.toProto(ticket));
  }

  /** ListFlights. */
  public static Request of(Criteria criteria) {
    return new Request(dev.flightwire.internal.proto.Criteria.newBuilder()
        .setExpression(ByteString.copyFrom(criteria.expression())).build());
  }

  /** DoAction. */
  public static Request of(Action action) {
    return new Request(dev.flightwire.internal.proto.Action.newBuilder()
        .setType(action.type()).setBody(ByteString.copyFrom(action.body())).build());
  }

  /** ListActions: the empty message. */
  public static Request empty() {
    return new Request(dev.flightwire.internal.proto.Empty.getDefaultInstance());
  }
}
