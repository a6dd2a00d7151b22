package dev.flightwire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An opaque token that redeems one stream of data with DoGet. The service that issues it (in a
 * {@link FlightEndpoint} of a {@link FlightInfo}) decides what it contains; clients pass it back
 * unchanged. Immutable; the bytes are copied in and out.
 */
public final class Ticket {
  private final byte[] bytes;

  /**
   * A ticket with the given bytes.
   *
   * @param bytes the ticket (copied); not null
   * @throws NullPointerException when {@code bytes} is null
   */
  public Ticket(byte[] bytes) {
    this.bytes = bytes.clone();
  }

  /**
   * A ticket whose bytes are text, as in {@code Ticket.of("dataset/sales")}.
   *
   * @param text the ticket, sent as its UTF-8 bytes
   * @return the ticket
   */
  public static Ticket of(String text) {
    return new Ticket(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The ticket bytes.
   *
   * @return a copy of the bytes
   */
  public byte[] ticket() {
    return bytes.clone();
  }

  /**
   * The ticket read as UTF-8 text.
   *
   * @return the decoded ticket (malformed bytes become U+FFFD)
   */
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
