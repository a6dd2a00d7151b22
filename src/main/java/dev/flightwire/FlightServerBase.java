package dev.flightwire;

import java.util.List;

/**
 * A Flight service: override the methods of the RPCs it offers. Defaults answer UNIMPLEMENTED,
 * except {@link #listActions}, which answers no actions.
 *
 * <h3>Threading</h3>
 * Methods run on the server's executor, never on a network thread, one thread per call; a method
 * may block (read a stream, wait for data). Many calls run concurrently, so shared state needs
 * synchronization.
 *
 * <h3>Errors</h3>
 * Throw a {@link FlightError} subclass to fail a call with its status and message. Other
 * exceptions fail it too (see {@link FlightError}). A call that fails before its first response
 * message gets a Trailers-Only response.
 */
public abstract class FlightServerBase {
  /** ListFlights: the flights matching {@code criteria}; the iterable may be lazy. */
  public Iterable<FlightInfo> listFlights(ServerCallContext context, Criteria criteria) {
    throw new FlightUnimplementedError("ListFlights is not implemented by this service");
  }

  /** GetFlightInfo: how to fetch the flight named by {@code descriptor}. */
  public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
    throw new FlightUnimplementedError("GetFlightInfo is not implemented by this service");
  }

  /** PollFlightInfo: the progress of a long-running query. */
  public PollInfo pollFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
    throw new FlightUnimplementedError("PollFlightInfo is not implemented by this service");
  }

  /** GetSchema: the schema of the flight named by {@code descriptor}. */
  public SchemaResult getSchema(ServerCallContext context, FlightDescriptor descriptor) {
    throw new FlightUnimplementedError("GetSchema is not implemented by this service");
  }

  /** DoGet: the data for {@code ticket}. The server closes the returned stream. */
  public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
    throw new FlightUnimplementedError("DoGet is not implemented by this service");
  }

  /**
   * DoPut: consume an upload. Returning normally completes the call with OK; the reader is closed
   * by the server. Acknowledge batches through {@code writer} as the client expects.
   */
  public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
      FlightMetadataWriter writer) {
    throw new FlightUnimplementedError("DoPut is not implemented by this service");
  }

  /** DoExchange: read and write at the same time. Reader and writer are closed by the server. */
  public void doExchange(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
      FlightStreamWriter writer) {
    throw new FlightUnimplementedError("DoExchange is not implemented by this service");
  }

  /** ListActions: the actions this service offers. */
  public Iterable<ActionType> listActions(ServerCallContext context) {
    return List.of();
  }

  /** DoAction: run an action; the iterable of results may be lazy. */
  public Iterable<Result> doAction(ServerCallContext context, Action action) {
    throw new FlightUnimplementedError("unknown action: " + action.type());
  }

  /**
   * The well-known action CancelFlightInfo: stop the query behind {@code info}; its endpoints
   * should fail from now on. The server routes the action here (not to {@link #doAction}).
   */
  public CancelStatus cancelFlightInfo(ServerCallContext context, FlightInfo info) {
    throw new FlightUnimplementedError("CancelFlightInfo is not implemented");
  }

  /**
   * The well-known action RenewFlightEndpoint: extend {@code endpoint}'s expiration time and
   * return the renewed endpoint. The server routes the action here (not to {@link #doAction}).
   */
  public FlightEndpoint renewFlightEndpoint(ServerCallContext context, FlightEndpoint endpoint) {
    throw new FlightUnimplementedError("RenewFlightEndpoint is not implemented");
  }

  /**
   * The well-known action SetSessionOptions: set (or, for an empty value, remove) each option of
   * the caller's session; return the options refused, with why (empty when all were set). See
   * {@link dev.flightwire.middleware.ServerSessionMiddlewareFactory} for the session cookie.
   */
  public java.util.Map<String, SessionOptionError> setSessionOptions(ServerCallContext context,
      java.util.Map<String, SessionOptionValue> options) {
    throw new FlightUnimplementedError("SetSessionOptions is not implemented");
  }

  /** The well-known action GetSessionOptions: the options of the caller's session. */
  public java.util.Map<String, SessionOptionValue> getSessionOptions(ServerCallContext context) {
    throw new FlightUnimplementedError("GetSessionOptions is not implemented");
  }

  /** The well-known action CloseSession: end the caller's session. */
  public CloseSessionStatus closeSession(ServerCallContext context) {
    throw new FlightUnimplementedError("CloseSession is not implemented");
  }
}
