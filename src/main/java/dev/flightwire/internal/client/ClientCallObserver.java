package dev.flightwire.internal.client;

import dev.flightwire.CallHeaders;
import dev.flightwire.FlightError;
import dev.flightwire.internal.call.ClientStream;
import dev.flightwire.internal.grpc.GrpcStatus;
import dev.flightwire.middleware.CallInfo;
import dev.flightwire.middleware.ClientMiddleware;
import dev.flightwire.middleware.ClientMiddlewareFactory;
import dev.flightwire.middleware.FlightMethod;
import java.util.ArrayList;
import java.util.List;

/** Runs the client middleware of one call; the stream calls it on application threads. */
public final class ClientCallObserver implements ClientStream.Observer {
  private final List<ClientMiddleware> middleware;

  private ClientCallObserver(List<ClientMiddleware> middleware) {
    this.middleware = middleware;
  }

  /**
   * Starts the middleware of a call and lets it add to {@code outgoing}; null when there is none.
   * A middleware that throws fails the call before it is sent.
   */
  public static ClientCallObserver start(List<ClientMiddlewareFactory> factories, FlightMethod method, CallHeaders outgoing) {
    if (factories.isEmpty()) {
      return null;
    }
    CallInfo info = new CallInfo(method);
    List<ClientMiddleware> started = new ArrayList<>(factories.size());
    for (ClientMiddlewareFactory f : factories) {
      ClientMiddleware m = f.startCall(info);
      if (m != null) {
        started.add(m);
      }
    }
    for (ClientMiddleware m : started) {
      m.sendingHeaders(outgoing);
    }
    return started.isEmpty() ? null : new ClientCallObserver(started);
  }

  @Override
  public void headers(CallHeaders headers) {
    for (ClientMiddleware m : middleware) {
      m.receivedHeaders(headers);
    }
  }

  @Override
  public void completed(GrpcStatus status) {
    completed(status.isOk() ? null
        : FlightError.fromStatus(status.code().value(), status.message(), status.trailers(), status.cause()));
  }

  public void completed(FlightError error) {
    for (ClientMiddleware m : middleware) {
      m.callCompleted(error);
    }
  }
}
