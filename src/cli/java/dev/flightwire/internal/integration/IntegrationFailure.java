package dev.flightwire.internal.integration;

/** A scenario check failed: the message says what differed. */
public final class IntegrationFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IntegrationFailure(String message) {
    super(message);
  }

  /** Fails with {@code message} unless {@code condition} holds. */
  public static void check(boolean condition, String message) {
    if (!condition) {
      throw new IntegrationFailure(message);
    }
  }

  /** Fails unless {@code expected} equals {@code actual}. */
  public static void checkEquals(Object expected, Object actual, String what) {
    if (!java.util.Objects.equals(expected, actual)) {
      throw new IntegrationFailure(what + ": expected " + expected + " but got " + actual);
    }
  }

  /** Runs {@code call}, which must fail with a {@code type} error; returns it. */
  public static <E extends Throwable> E expectFailure(Class<E> type, String what, ThrowingRunnable call) {
    try {
      call.run();
    } catch (Throwable t) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      throw new IntegrationFailure(what + ": expected " + type.getSimpleName() + " but got " + t);
    }
    throw new IntegrationFailure(what + ": expected " + type.getSimpleName() + " but the call succeeded");
  }

  /** A call that may throw. */
  @FunctionalInterface
  public interface ThrowingRunnable {
    void run() throws Exception;
  }
}
