package dev.flightwire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One result of DoAction: an opaque body whose format the action type defines. An action may
 * answer with any number of results. Immutable; the body is copied in and out.
 */
public final class Result {
  private final byte[] body;

  /**
   * A result with the given body.
   *
   * @param body the result body (copied), or null for an empty one
   */
  public Result(byte[] body) {
    this.body = body == null ? new byte[0] : body.clone();
  }

  /**
   * A result whose body is text.
   *
   * @param text the body, sent as its UTF-8 bytes
   * @return the result
   */
  public static Result of(String text) {
    return new Result(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The result body.
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
    return o instanceof Result && Arrays.equals(body, ((Result) o).body);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "Result<" + Bytes.show(body) + ">";
  }
}
