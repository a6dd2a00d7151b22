package dev.flightwire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** One result of an action: an opaque body. Immutable. */
public final class Result {
  private final byte[] body;

  public Result(byte[] body) {
    this.body = body == null ? new byte[0] : body.clone();
  }

  public static Result of(String text) {
    return new Result(text.getBytes(StandardCharsets.UTF_8));
  }

  public byte[] body() {
    return body.clone();
  }

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
