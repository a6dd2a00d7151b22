package dev.flightwire.internal.client;

import dev.flightwire.internal.convert.Errors;
import dev.flightwire.internal.call.ClientStream;
import dev.flightwire.internal.call.SerialTask;
import dev.flightwire.internal.grpc.GrpcStatus;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Collects the response messages of a client call without a waiting thread: the asynchronous form
 * of {@link CallResults}, over the same call. Messages are taken as they arrive, on the client's
 * callback executor, which also completes the future. A call the server refused unprocessed is
 * opened once more (gRPC's transparent retry), as {@code CallResults} does. Cancelling the future
 * cancels the call.
 */
public final class AsyncResults<T> {
  private final Supplier<CompletableFuture<ClientStream>> open;
  private final CallResults.Parser<T> parser;
  private final java.util.function.Consumer<? super T> each;
  private final CompletableFuture<Void> result = new CompletableFuture<>();
  private final SerialTask drain;
  private volatile ClientStream stream;
  private volatile Throwable openFailure;
  private boolean retried;

  private AsyncResults(Supplier<CompletableFuture<ClientStream>> open, CallResults.Parser<T> parser,
      java.util.function.Consumer<? super T> each, boolean retry, Executor executor) {
    this.open = open;
    this.parser = parser;
    this.each = each;
    this.retried = !retry;
    this.drain = new SerialTask(executor, this::drain);
  }

  /**
   * Starts the call and returns the future of all its results, completed on {@code executor}.
   *
   * @param open opens the call (again, for a retry); its future may complete on any thread
   */
  public static <T> CompletableFuture<List<T>> collect(Supplier<CompletableFuture<ClientStream>> open,
      CallResults.Parser<T> parser, Executor executor) {
    List<T> values = new ArrayList<>();
    CompletableFuture<Void> done = each(open, parser, values::add, true, executor);
    CompletableFuture<List<T>> all = done.thenApply(v -> values);
    all.whenComplete((v, e) -> {
      if (all.isCancelled()) {
        done.cancel(false);
      }
    });
    return all;
  }

  /**
   * Starts the call and hands each result to {@code each} as it arrives, on {@code executor}, in
   * order; the future completes there after the last one with the call's status. What
   * {@code each} throws cancels the call and fails the future.
   *
   * @param retry whether a call the server refused unprocessed may be opened again
   */
  public static <T> CompletableFuture<Void> each(Supplier<CompletableFuture<ClientStream>> open,
      CallResults.Parser<T> parser, java.util.function.Consumer<? super T> each, boolean retry, Executor executor) {
    AsyncResults<T> r = new AsyncResults<>(open, parser, each, retry, executor);
    r.result.whenComplete((v, e) -> {
      ClientStream s = r.stream;
      if (r.result.isCancelled() && s != null) {
        s.cancelUnlessCompleted(GrpcStatus.of(GrpcStatusCode.CANCELLED, "the call's future was cancelled"));
      }
    });
    r.start();
    return r.result;
  }

  private void start() {
    Opening.start(open, s -> {
      stream = s;
      s.addEventListener(drain);
      if (result.isCancelled()) {
        s.cancelUnlessCompleted(GrpcStatus.of(GrpcStatusCode.CANCELLED, "the call's future was cancelled"));
      }
      drain.signal();
    }, e -> {
      openFailure = e;
      drain.signal();
    });
  }

  private void drain() {
    if (result.isDone()) {
      ClientStream s = stream;
      if (s != null) {
        s.discardInbound();
      }
      return;
    }
    Throwable failed = openFailure;
    if (failed != null) {
      result.completeExceptionally(failed);
      return;
    }
    ClientStream s = stream;
    if (s == null) {
      return;
    }
    while (true) {
      ByteBuf m;
      try {
        m = s.pollMessage();
      } catch (GrpcStatusException e) {
        if (!retried && s.wasRefused()) {
          retried = true;
          s.removeEventListener(drain);
          s.discardInbound();
          stream = null;
          start();
          return;
        }
        s.discardInbound();
        result.completeExceptionally(Errors.toFlight(e));
        return;
      }
      if (m == null) {
        if (s.isInboundComplete()) {
          s.discardInbound();
          result.complete(null);
        }
        return;
      }
      retried = true; // a response arrived: the server took the call, no retry from here on
      T value;
      try {
        value = parser.parse(m);
      } catch (com.google.protobuf.InvalidProtocolBufferException | RuntimeException e) {
        GrpcStatus bad = GrpcStatus.of(GrpcStatusCode.INTERNAL, "malformed response message: " + e.getMessage());
        s.cancel(bad);
        s.discardInbound();
        result.completeExceptionally(Errors.toFlight(bad.asException()));
        return;
      } finally {
        m.release();
      }
      try {
        each.accept(value);
      } catch (RuntimeException e) {
        s.cancel(GrpcStatus.of(GrpcStatusCode.CANCELLED, "the application's consumer of the results threw: " + e));
        s.discardInbound();
        result.completeExceptionally(e);
        return;
      }
    }
  }
}
