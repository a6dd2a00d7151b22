package dev.flightwire;

import java.util.concurrent.CompletableFuture;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A Flight service: override the methods of the RPCs it offers and serve it with
 * {@link FlightServer}. The defaults answer UNIMPLEMENTED ({@link FlightUnimplementedError}),
 * except {@link #listActions}, which answers no actions. The well-known actions
 * (CancelFlightInfo, RenewFlightEndpoint, SetSessionOptions, GetSessionOptions, CloseSession) have
 * typed methods of their own: the server decodes their DoAction requests and calls those methods,
 * never {@link #doAction}.
 *
 * <pre>{@code
 * FlightServerBase service = new FlightServerBase() {
 *   @Override
 *   public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
 *     return new RecordBatchStream(tables.get(ticket.asString()), 65_536);
 *   }
 * };
 * }</pre>
 *
 * <h2>Threading</h2>
 * Methods run on the server's executor, never on a network thread, one thread per call; a method
 * may block (read a stream, wait for data). Many calls run concurrently, so shared state needs
 * synchronization. Iterables and streams a method returns are consumed on the same thread, after
 * it returns.
 *
 * <h2>Asynchronous handlers</h2>
 * A service that must not hold a thread per call (many slow streams, calls that wait on other
 * services) overrides the {@code ...Async} forms instead: {@link #getFlightInfoAsync},
 * {@link #pollFlightInfoAsync} and {@link #getSchemaAsync} return a {@link CompletionStage}, and
 * {@link #doGetAsync} streams through a writer that never blocks ({@link FlightStreamWriter#isReady()},
 * {@link FlightStreamWriter#onReady}) and ends the call when its stage completes. The executor's
 * thread is free as soon as the method returns. By default each {@code ...Async} form calls the
 * blocking method.
 *
 * <h2>Call context</h2>
 * Every method receives the {@link ServerCallContext} of its call: the caller's identity (set by
 * the server's authentication), request headers, cancellation, the deadline, the call's
 * middleware, and response headers and trailers to add. The call has been authenticated before
 * the method runs.
 *
 * <h2>Errors</h2>
 * Throw a {@link FlightError} subclass to fail a call with its status and message. Other
 * exceptions fail it too (see {@link FlightError}). A call that fails before its first response
 * message gets a Trailers-Only response, carrying the headers added so far. A malformed request
 * fails before the method is called (INVALID_ARGUMENT or INTERNAL).
 */
public abstract class FlightServerBase {
  /** For subclasses: a service whose every method has the default answer until overridden. */
  public FlightServerBase() {}

  /**
   * ListFlights: the flights this service offers that match {@code criteria}. The iterable may be
   * lazy: it is iterated on the call's thread, each FlightInfo sent as it comes, and iteration
   * stops early if the call is cancelled. An exception thrown while iterating fails the call after
   * the results already sent.
   *
   * @param context the call's context
   * @param criteria the client's filter, in a syntax this service defines; empty for all
   * @return the matching flights; not null
   */
  public Iterable<FlightInfo> listFlights(ServerCallContext context, Criteria criteria) {
    throw new FlightUnimplementedError("ListFlights is not implemented by this service");
  }

  /**
   * GetFlightInfo: how to fetch the flight named by {@code descriptor}: its schema, endpoints and
   * size. Throw {@link FlightNotFoundError} for a descriptor this service does not know.
   *
   * @param context the call's context
   * @param descriptor the client's path or command
   * @return the flight's info; not null
   */
  public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
    throw new FlightUnimplementedError("GetFlightInfo is not implemented by this service");
  }

  /**
   * PollFlightInfo: the state of a long-running query, started by the first poll with the
   * client's descriptor. Return a {@link PollInfo} with a descriptor to poll again with while the
   * query runs, and without one when it is complete.
   *
   * @param context the call's context
   * @param descriptor the client's original descriptor, or one this service returned in an
   *     earlier PollInfo
   * @return the query's state; not null
   */
  public PollInfo pollFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
    throw new FlightUnimplementedError("PollFlightInfo is not implemented by this service");
  }

  /**
   * GetFlightInfo without holding the call's thread: the call ends when the stage completes, with
   * its value or its exception (as {@link #getFlightInfo} would return or throw), whichever thread
   * completes it. By default, {@code completedFuture(getFlightInfo(context, descriptor))}.
   *
   * @param context the call's context
   * @param descriptor the client's path or command
   * @return the stage of the flight's info; not null
   */
  public CompletionStage<FlightInfo> getFlightInfoAsync(ServerCallContext context, FlightDescriptor descriptor) {
    return CompletableFuture.completedFuture(getFlightInfo(context, descriptor));
  }

  /**
   * PollFlightInfo without holding the call's thread (see {@link #getFlightInfoAsync}). By
   * default, {@code completedFuture(pollFlightInfo(context, descriptor))}.
   *
   * @param context the call's context
   * @param descriptor the client's original descriptor, or one this service returned
   * @return the stage of the query's state; not null
   */
  public CompletionStage<PollInfo> pollFlightInfoAsync(ServerCallContext context, FlightDescriptor descriptor) {
    return CompletableFuture.completedFuture(pollFlightInfo(context, descriptor));
  }

  /**
   * GetSchema without holding the call's thread (see {@link #getFlightInfoAsync}). By default,
   * {@code completedFuture(getSchema(context, descriptor))}.
   *
   * @param context the call's context
   * @param descriptor the client's path or command
   * @return the stage of the schema; not null
   */
  public CompletionStage<SchemaResult> getSchemaAsync(ServerCallContext context, FlightDescriptor descriptor) {
    return CompletableFuture.completedFuture(getSchema(context, descriptor));
  }

  /**
   * GetSchema: the schema of the flight named by {@code descriptor}, without computing its
   * endpoints.
   *
   * @param context the call's context
   * @param descriptor the client's path or command
   * @return the schema; not null
   */
  public SchemaResult getSchema(ServerCallContext context, FlightDescriptor descriptor) {
    throw new FlightUnimplementedError("GetSchema is not implemented by this service");
  }

  /**
   * DoGet: the data for {@code ticket}. The server sends the stream's schema and dictionaries,
   * then its chunks until {@link FlightDataStream#next()} returns null or the call is cancelled,
   * on this call's thread after this method returns.
   *
   * @param context the call's context
   * @param ticket a ticket from an endpoint this service (or a partner) issued
   * @return the data; the server takes ownership of it and closes it when the call ends, whether
   *     it completed, failed or was cancelled; null fails the call with INTERNAL
   */
  public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
    throw new FlightUnimplementedError("DoGet is not implemented by this service");
  }

  /**
   * DoGet without holding a thread while the stream is sent: when a service overrides this
   * method, the server calls it instead of {@link #doGet}. Write the stream through
   * {@code writer}, which never blocks: {@link FlightStreamWriter#begin} or the first batch sends
   * the schema (a stage that completes normally before either fails the call with INTERNAL); write while {@link FlightStreamWriter#isReady()}, and continue from
   * {@link FlightStreamWriter#onReady}, from any thread. Return a stage that completes when the
   * stream is written: normally to end the call with OK (after the messages written), or
   * exceptionally to end it with that error's status. The call also ends, and the handler's
   * later writes throw {@link FlightCancelledError}, when the client cancels it or its deadline
   * passes ({@link ServerCallContext#onCancel}).
   *
   * <pre>{@code
   * public CompletionStage<Void> doGetAsync(ServerCallContext context, Ticket ticket,
   *     FlightStreamWriter writer) {
   *   CompletableFuture<Void> done = new CompletableFuture<>();
   *   Iterator<VectorSchemaRoot> batches = batchesFor(ticket);   // immutable, shared batches
   *   writer.begin(SCHEMA);
   *   writer.onReady(() -> {
   *     while (writer.isReady() && batches.hasNext()) {
   *       writer.writeBatchAsync(batches.next());
   *     }
   *     if (!batches.hasNext()) {
   *       done.complete(null);
   *     }
   *   });
   *   return done;
   * }
   * }</pre>
   *
   * @param context the call's context
   * @param ticket a ticket from an endpoint this service (or a partner) issued
   * @param writer the response stream; owned by the server (do not close it), usable from any
   *     thread, one at a time
   * @return a stage completed when the stream is done; not null
   */
  public CompletionStage<Void> doGetAsync(ServerCallContext context, Ticket ticket, FlightStreamWriter writer) {
    return CompletableFuture.failedFuture(new FlightUnimplementedError("DoGet is not implemented by this service"));
  }

  /**
   * DoPut: consumes an upload. Returning normally completes the call with OK, throwing fails it;
   * what the client still sends after that is dropped. Acknowledge batches through
   * {@code writer} if the service's clients expect it. The reader reaches the end of the stream
   * only when the client completed the upload; an upload the client cancelled (its writer closed
   * without {@code doneWriting()}, an abort, a lost connection) makes the reader throw
   * {@link FlightCancelledError} instead, so store nothing of an upload until the reader has
   * reached its end.
   *
   * @param context the call's context
   * @param descriptor the descriptor of the upload, from its first message (a DoPut without one
   *     fails with INVALID_ARGUMENT before this is called)
   * @param reader the uploaded stream; borrowed: the server closes it when this method returns,
   *     so batches must not be kept beyond it without transferring them
   * @param writer sends acknowledgements (PutResult) to the client; valid until this returns
   */
  public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
      FlightMetadataWriter writer) {
    throw new FlightUnimplementedError("DoPut is not implemented by this service");
  }

  /**
   * DoExchange: a bidirectional data call; the service defines what each side sends and when.
   * The call ends when this method returns: OK when it returns normally, the error's status when
   * it throws. As for {@link #doPut}, the reader ends only when the client ended its stream; a
   * client that cancelled makes it throw {@link FlightCancelledError}.
   *
   * @param context the call's context
   * @param descriptor the descriptor from the client's first message, or
   *     {@link FlightDescriptor#unknown()} when it sent none
   * @param reader the client's stream; borrowed: the server closes it when this method returns
   * @param writer the response stream; valid until this method returns, which ends it
   */
  public void doExchange(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
      FlightStreamWriter writer) {
    throw new FlightUnimplementedError("DoExchange is not implemented by this service");
  }

  /**
   * ListActions: the action types this service offers through {@link #doAction}. The well-known
   * actions are not added automatically; list them here if clients should see them. The default
   * lists none.
   *
   * @param context the call's context
   * @return the action types, iterated on the call's thread; not null
   */
  public Iterable<ActionType> listActions(ServerCallContext context) {
    return List.of();
  }

  /**
   * DoAction: runs an action of a type this service defines. The results may be lazy: they are
   * iterated on the call's thread, each sent as it comes, and iteration stops early if the call
   * is cancelled. The default throws {@link FlightUnimplementedError} ("unknown action").
   *
   * @param context the call's context
   * @param action the type and body the client sent; never one of the well-known types
   * @return the results, or null for none
   */
  public Iterable<Result> doAction(ServerCallContext context, Action action) {
    throw new FlightUnimplementedError("unknown action: " + action.type());
  }

  /**
   * The well-known action CancelFlightInfo: stop the query behind {@code info}; its endpoints
   * should fail from now on. The server routes the action here (not to {@link #doAction}).
   *
   * @param context the call's context
   * @param info the FlightInfo of the query, as the client received it
   * @return the outcome; null is sent as {@link CancelStatus#UNSPECIFIED}
   */
  public CancelStatus cancelFlightInfo(ServerCallContext context, FlightInfo info) {
    throw new FlightUnimplementedError("CancelFlightInfo is not implemented");
  }

  /**
   * The well-known action RenewFlightEndpoint: extend {@code endpoint}'s expiration time and
   * return the renewed endpoint. The server routes the action here (not to {@link #doAction}).
   *
   * @param context the call's context
   * @param endpoint the endpoint to renew, as the client received it
   * @return the endpoint with its new expiration time; not null
   */
  public FlightEndpoint renewFlightEndpoint(ServerCallContext context, FlightEndpoint endpoint) {
    throw new FlightUnimplementedError("RenewFlightEndpoint is not implemented");
  }

  /**
   * The well-known action SetSessionOptions: set (or, for an empty value, remove) each option of
   * the caller's session. See {@link dev.flightwire.middleware.ServerSessionMiddlewareFactory} for
   * the session cookie and storage.
   *
   * @param context the call's context
   * @param options the options to set, by name
   * @return the options refused, with why; empty, or null, when all were set
   */
  public java.util.Map<String, SessionOptionError> setSessionOptions(ServerCallContext context,
      java.util.Map<String, SessionOptionValue> options) {
    throw new FlightUnimplementedError("SetSessionOptions is not implemented");
  }

  /**
   * The well-known action GetSessionOptions: the options of the caller's session.
   *
   * @param context the call's context
   * @return the options by name; null is sent as none
   */
  public java.util.Map<String, SessionOptionValue> getSessionOptions(ServerCallContext context) {
    throw new FlightUnimplementedError("GetSessionOptions is not implemented");
  }

  /**
   * The well-known action CloseSession: end the caller's session.
   *
   * @param context the call's context
   * @return the outcome; null is sent as {@link CloseSessionStatus#UNSPECIFIED}
   */
  public CloseSessionStatus closeSession(ServerCallContext context) {
    throw new FlightUnimplementedError("CloseSession is not implemented");
  }
}
