package dev.flightwire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/** A request to run an action: its type and an opaque body. Immutable. */
public final class Action {
  private final String type;
  private final byte[] body;

  public Action(String type, byte[] body) {
    this.type = Objects.requireNonNull(type, "type");
    this.body = body == null ? new byte[0] : body.clone();
  }

  public Action(String type) {
    this(type, null);
  }

  public static Action of(String type, String body) {
    return new Action(type, body.getBytes(StandardCharsets.UTF_8));
  }

  public String type() {
    return type;
  }

  public byte[] body() {
    return body.clone();
  }

  /** The body read as UTF-8 text. */
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
