package dev.flightwire.peer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.apache.arrow.flight.RequestContext;

/** Server middleware remembering the {@code x-*} request headers of a call, for action headers. */
final class HeaderCapture implements FlightServerMiddleware {
  static final FlightServerMiddleware.Key<HeaderCapture> KEY =
      FlightServerMiddleware.Key.of("conformance-header-capture");

  private final List<String> lines;

  private HeaderCapture(List<String> lines) {
    this.lines = Collections.unmodifiableList(lines);
  }

  /** {@code name: value} per x- header value, sorted by name; binary values as lowercase hex. */
  List<String> lines() {
    return lines;
  }

  static final class Factory implements FlightServerMiddleware.Factory<HeaderCapture> {
    @Override
    public HeaderCapture onCallStarted(
        CallInfo info, CallHeaders incomingHeaders, RequestContext context) {
      List<String> out = new ArrayList<>();
      for (String name : new TreeSet<>(incomingHeaders.keys())) {
        if (!name.startsWith("x-")) {
          continue;
        }
        if (name.endsWith("-bin")) {
          for (byte[] value : incomingHeaders.getAllByte(name)) {
            out.add(name + ": " + hex(value));
          }
        } else {
          for (String value : incomingHeaders.getAll(name)) {
            out.add(name + ": " + value);
          }
        }
      }
      return new HeaderCapture(out);
    }
  }

  static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return sb.toString();
  }

  @Override
  public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {}

  @Override
  public void onCallCompleted(CallStatus status) {}

  @Override
  public void onCallErrored(Throwable err) {}
}
