package dev.flightwire.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of the tests (META-INF/services): silent, like slf4j-nop, except inside
 * {@link #capture()}, where every level is enabled and each event is recorded for assertions.
 * Tests run one at a time per JVM, so a capture sees the events of its own test (and of threads
 * the test started).
 */
public final class RecordingLogs implements SLF4JServiceProvider {
  /** One logged event, its message formatted. */
  public record Event(String logger, Level level, String message, Throwable thrown) {
    /** The message and the messages of the throwable's chain: all the text the event carries. */
    public String allText() {
      StringBuilder b = new StringBuilder(message);
      for (Throwable t = thrown; t != null; t = t.getCause()) {
        b.append('\n').append(t);
      }
      return b.toString();
    }

    @Override
    public String toString() {
      return level + " " + logger + ": " + message + (thrown == null ? "" : " [" + thrown + "]");
    }
  }

  private static volatile Capture current;

  private final ConcurrentHashMap<String, Logger> loggers = new ConcurrentHashMap<>();
  private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, Recording::new);
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new NOPMDCAdapter();

  /** Starts recording every event at every level until the capture is closed. */
  public static Capture capture() {
    Capture c = new Capture();
    current = c;
    return c;
  }

  /** The events of one test. */
  public static final class Capture implements AutoCloseable {
    private final List<Event> events = new CopyOnWriteArrayList<>();

    public List<Event> events() {
      return new ArrayList<>(events);
    }

    public List<Event> matching(Predicate<Event> p) {
      return events.stream().filter(p).toList();
    }

    /** Waits up to 5 s for an event matching {@code p} (events of other threads arrive late). */
    public Event await(Predicate<Event> p) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (System.nanoTime() < deadline) {
        for (Event e : events) {
          if (p.test(e)) {
            return e;
          }
        }
        Thread.sleep(10);
      }
      throw new AssertionError("no such log event; recorded:\n" + String.join("\n",
          events.stream().map(Event::toString).toList()));
    }

    @Override
    public void close() {
      if (current == this) {
        current = null;
      }
    }
  }

  private static final class Recording extends LegacyAbstractLogger {
    Recording(String name) {
      this.name = name;
    }

    private static boolean on() {
      return current != null;
    }

    @Override
    public boolean isTraceEnabled() {
      return on();
    }

    @Override
    public boolean isDebugEnabled() {
      return on();
    }

    @Override
    public boolean isInfoEnabled() {
      return on();
    }

    @Override
    public boolean isWarnEnabled() {
      return on();
    }

    @Override
    public boolean isErrorEnabled() {
      return on();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
        Throwable thrown) {
      Capture c = current;
      if (c != null) {
        c.events.add(new Event(name, level, MessageFormatter.basicArrayFormat(pattern, args), thrown));
      }
    }
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return factory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  @Override
  public void initialize() {}
}
