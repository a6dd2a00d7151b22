package dev.flightwire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The request of DoAction: an action type, which the service names (see
 * {@link FlightClient#listActions()}), and an opaque body whose format that type defines. The
 * well-known actions of Flight (CancelFlightInfo, RenewFlightEndpoint, the session actions) have
 * typed client methods instead. Immutable; the body is copied in and out.
 */
public final class Action {
  private final String type;
  private final byte[] body;

  /**
   * An action with a body.
   *
   * @param type the action type, for example {@code "drop_table"}; not null
   * @param body the request body (copied), or null for an empty one
   * @throws NullPointerException when {@code type} is null
   */
  public Action(String type, byte[] body) {
    this.type = Objects.requireNonNull(type, "type");
    this.body = body == null ? new byte[0] : body.clone();
  }

  /**
   * An action with an empty body.
   *
   * @param type the action type; not null
   * @throws NullPointerException when {@code type} is null
   */
  public Action(String type) {
    this(type, null);
  }

  /**
   * An action whose body is text.
   *
   * @param type the action type; not null
   * @param body the body, sent as its UTF-8 bytes
   * @return the action
   */
  public static Action of(String type, String body) {
    return new Action(type, body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The action type.
   *
   * @return the type; never null
   */
  public String type() {
    return type;
  }

  /**
   * The request body.
   *
   * @return a copy of the body; empty, never null, when there is none
   */
  public byte[] body() {
    return body.clone();
  }

  /**
   * The body read as UTF-8 text.
   *
   * @return the decoded body (malformed bytes become U+FFFD)
   */
  public String bodyAsString() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Action && type.equals(((Action) o).type) && Arrays.equals(body, ((Action) o).body);
  }

  @Override
  public int hashCode() {
    return 31 * type.hashCode() + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "Action<" + type + ", " + Bytes.show(body) + ">";
  }
}
