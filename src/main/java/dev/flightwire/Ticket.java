package dev.flightwire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** An opaque token that redeems one stream of data with DoGet. Immutable. */
public final class Ticket {
  private final byte[] bytes;

  public Ticket(byte[] bytes) {
    this.bytes = bytes.clone();
  }

  public static Ticket of(String text) {
    return new Ticket(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The ticket bytes (a copy). */
  public byte[] ticket() {
    return bytes.clone();
  }

  /** The ticket read as UTF-8 text. */
  public String asString() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ticket && Arrays.equals(bytes, ((Ticket) o).bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Ticket<" + Bytes.show(bytes) + ">";
  }
}
