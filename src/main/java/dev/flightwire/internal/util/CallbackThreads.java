package dev.flightwire.internal.util;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The executor that runs the asynchronous API's application code for every client of the JVM
 * that brings none: up to as many daemon threads as cores (at least 2), named
 * {@code flightwire-callback-*}, each ending after 30 seconds idle, so nothing needs shutting
 * down. Not API.
 */
public final class CallbackThreads {
  private static final Executor SHARED = create();

  private CallbackThreads() {}

  /** The shared executor. */
  public static Executor shared() {
    return SHARED;
  }

  /** A factory of daemon threads named {@code name-*}. */
  public static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    return new io.netty.util.concurrent.DefaultThreadFactory(name, true);
  }

  private static Executor create() {
    int n = Math.max(2, io.netty.util.NettyRuntime.availableProcessors());
    ThreadPoolExecutor pool = new ThreadPoolExecutor(n, n, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        new io.netty.util.concurrent.DefaultThreadFactory("flightwire-callback", true));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
