package dev.flightwire.peer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Assertion helpers for the integration scenario clients; failures say what differed. */
final class Checks {
  private Checks() {}

  /** A client check that did not hold; the message says exactly what differed. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }

  private static volatile String step = "starting";

  /** Records what the client does now, so that an unexpected exception gets some context. */
  static void step(String now) {
    step = now;
  }

  static String step() {
    return step;
  }

  static Failure fail(String message) {
    return new Failure(message);
  }

  static void check(boolean ok, String message) {
    if (!ok) {
      throw new Failure(message);
    }
  }

  static void checkEqual(String what, Object expected, Object actual) {
    if (!Objects.equals(expected, actual)) {
      throw new Failure(what + ": expected " + show(expected) + ", got " + show(actual));
    }
  }

  /** Quotes strings so that empty and whitespace values are visible. */
  static String show(Object o) {
    if (o == null) {
      return "nothing";
    }
    if (o instanceof String) {
      return "\"" + o + "\"";
    }
    if (o instanceof byte[]) {
      return bytes((byte[]) o);
    }
    return String.valueOf(o);
  }

  /** Bytes as a quoted UTF-8 string when printable, else as hex; null as "nothing". */
  static String bytes(byte[] b) {
    if (b == null) {
      return "nothing";
    }
    boolean printable = true;
    for (byte x : b) {
      if ((x >= 0 && x < 0x20) || x == 0x7f) {
        printable = false;
        break;
      }
    }
    if (printable) {
      return "\"" + new String(b, StandardCharsets.UTF_8) + "\"";
    }
    StringBuilder sb = new StringBuilder("0x");
    for (byte x : b) {
      sb.append(String.format("%02x", x & 0xff));
    }
    return sb.toString();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** The remaining bytes of a buffer, as a new array. */
  static byte[] array(ByteBuffer buf) {
    ByteBuffer b = buf.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** "CODE: description" of a Flight error. */
  static String status(FlightRuntimeException e) {
    String d = e.status().description();
    return e.status().code() + (d == null || d.isEmpty() ? "" : ": " + d);
  }

  /** Runs the call and returns its Flight error, or null when it succeeded. */
  static FlightRuntimeException failureOf(Runnable call) {
    try {
      call.run();
      return null;
    } catch (FlightRuntimeException e) {
      return e;
    }
  }

  /**
   * Reads a whole stream whose first column is an integer column: one list of values per batch
   * (null for a null slot). The stream is closed.
   */
  static List<List<Long>> integerBatches(FlightStream stream) throws Exception {
    try (FlightStream s = stream) {
      List<List<Long>> out = new ArrayList<>();
      while (s.next()) {
        VectorSchemaRoot root = s.getRoot();
        check(root.getFieldVectors().size() >= 1, "a batch has no columns");
        FieldVector v = root.getVector(0);
        check(v instanceof BaseIntVector,
            "column 0 is " + v.getField().getType() + ", not an integer column");
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < root.getRowCount(); i++) {
          values.add(v.isNull(i) ? null : ((BaseIntVector) v).getValueAsLong(i));
        }
        out.add(values);
      }
      return out;
    }
  }

  /** Every Result body of a DoAction. */
  static List<byte[]> actionBodies(FlightClient client, Action action) {
    List<byte[]> out = new ArrayList<>();
    client.doAction(action).forEachRemaining(r -> out.add(r.getBody()));
    return out;
  }

  /** Every Result body of a DoAction, as UTF-8 strings. */
  static List<String> actionResults(FlightClient client, Action action) {
    List<String> out = new ArrayList<>();
    for (byte[] b : actionBodies(client, action)) {
      out.add(utf8(b));
    }
    return out;
  }
}
