package dev.flightwire.internal.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The first step of an asynchronous call: opening it, and saying how that went. */
public final class Opening {
  private Opening() {}

  /**
   * Starts {@code open}; then runs {@code opened} with what it opened, or {@code failed} with why
   * it could not (thrown at once, or the future's failure unwrapped), on whichever thread that is
   * known: they must be quick and must not block.
   */
  public static <T> void start(Supplier<CompletableFuture<T>> open, Consumer<T> opened, Consumer<Throwable> failed) {
    CompletableFuture<T> f;
    try {
      f = open.get();
    } catch (RuntimeException e) {
      failed.accept(e);
      return;
    }
    f.whenComplete((v, e) -> {
      if (e != null) {
        failed.accept(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
      } else {
        opened.accept(v);
      }
    });
  }
}
