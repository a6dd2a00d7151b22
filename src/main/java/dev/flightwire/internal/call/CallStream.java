package dev.flightwire.internal.call;

import dev.flightwire.internal.grpc.GrpcDeframer;
import dev.flightwire.internal.grpc.GrpcStatus;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;
import dev.flightwire.internal.http2.InboundBudget;
import dev.flightwire.internal.http2.StreamListener;
import dev.flightwire.internal.http2.StreamTransport;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.Http2Error;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One gRPC call as seen by one side: an HTTP/2 stream with a queue of received messages for an
 * application thread and a bounded pipe of messages to send.
 *
 * <h3>Threading</h3>
 * Frames arrive on the event loop ({@link StreamListener} methods, {@code *OnLoop} methods).
 * Application threads call {@link #readMessage}, {@link #writeMessage} and {@link #cancel}; they
 * block on {@code lock} (readers on {@code readable}, writers on {@code writable}, other waits on
 * {@code stateChanged}, so that no event wakes a thread it cannot release) and never touch Netty
 * state directly: their writes go through the connection's write queue. Lock order: {@code lock}
 * only; no Netty call is made while holding it.
 *
 * <h3>Interrupts</h3>
 * Every wait honours {@link Thread#interrupt()}: a thread that is interrupted while it waits, or
 * that enters a wait with its interrupt flag set, cancels the call ({@link #cancelOnInterrupt}:
 * RST_STREAM CANCEL, and on the server a CANCELLED status to the client), gets a CANCELLED
 * {@link GrpcStatusException} whose cause is the {@link InterruptedException}, and leaves with its
 * interrupt flag set again. A call that does not need to wait (a message is already queued) does
 * not look at the flag.
 *
 * <h3>Flow control</h3>
 * Received bytes go back to the HTTP/2 windows when the application takes the message that holds
 * them, not when they arrive. While no complete message waits in the queue, the bytes of a partly
 * received message are returned at once, so one message larger than the window can still arrive.
 * Memory held per call is therefore bounded by the stream window plus one message.
 *
 * <p>On a server, every received byte is also charged to the server's {@link InboundBudget} until
 * the application takes the message that holds it (or the stream closes). The bytes of a partly
 * received message go back to the windows only while that budget has room (or this stream holds
 * its exemption); otherwise they wait until another stream's consumption makes room. Bytes of a
 * taken message always go back.
 *
 * <h3>Outbound</h3>
 * At most {@code outboundBufferBytes} (one message more if a single message is larger) may be
 * written but not yet handed to the socket; a writer beyond that blocks until Netty drains.
 *
 * <h3>Reference counting</h3>
 * Queued messages are owned by the queue until {@link #readMessage} hands one to its caller. A
 * failure releases every queued message at once.
 */
public abstract class CallStream implements MessageStream, StreamListener, GrpcDeframer.Listener {
  protected final StreamTransport transport;
  protected volatile int streamId = -1;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition readable = lock.newCondition();
  private final Condition writable = lock.newCondition();
  private final Condition stateChanged = lock.newCondition();
  // guarded by lock
  private final ArrayDeque<Queued> inbound = new ArrayDeque<>();
  private boolean inboundEnded;
  private GrpcStatus endStatus = GrpcStatus.OK;
  private GrpcStatus failure;
  private long outboundPending;
  private boolean closed;

  /** Bytes returned to the windows at once at least (see {@link #returnAll()}). */
  private static final int RETURN_BATCH = 128 * 1024;
  /**
   * FlightData's {@code data_body}: a large record batch body is gathered into a buffer of its own
   * size (GrpcDeframer, "Bulk field"). No other Flight message has a field 1000.
   */
  private static final int BULK_FIELD = 1000;

  /** Set on the event loop when Netty has closed the stream. */
  private volatile boolean streamClosed;

  /** Told of every change a non-blocking user may act on (see {@link #addEventListener}); copy on write. */
  private volatile Runnable[] eventListeners = new Runnable[0];

  // event loop only
  private boolean endSeen;
  private GrpcDeframer deframer;
  private long unreturned;
  private long queuedWire;
  /** Bytes received and charged to the inbound budget, not yet taken or dropped. */
  private long held;
  /** A wake-up from the inbound budget is pending. */
  private boolean awaitingBudget;

  private record Queued(ByteBuf message, int wireBytes) {}

  protected CallStream(StreamTransport transport) {
    this.transport = transport;
  }

  public int streamId() {
    return streamId;
  }

  @Override
  public boolean passesByReference() {
    return transport.passesByReference();
  }

  /** The largest message this side accepts (bytes after the gRPC prefix). Any thread. */
  public int maxInboundMessageSize() {
    return transport.config().maxInboundMessageSize();
  }

  // ---------------------------------------------------------------- event loop side

  /** Whether the caller is on the connection's event loop: for asserts of event-loop confinement. */
  protected final boolean onLoop() {
    return transport.eventLoop().inEventLoop();
  }

  /** Subclasses call this with the stream id before any frame can arrive. Event-loop only. */
  protected void attach(int id) {
    assert onLoop() : "attach off the event loop";
    this.streamId = id;
    this.deframer = new GrpcDeframer(transport.alloc(), transport.config().maxInboundMessageSize(),
        transport.gatherBudget(), BULK_FIELD, this);
  }

  @Override
  public void onData(ByteBuf data, int padding, boolean endStream) {
    assert onLoop() : "onData off the event loop";
    if (padding > 0) {
      transport.consumeBytes(streamId, padding);
    }
    int received = data.readableBytes();
    unreturned += received;
    held += received;
    transport.inboundBudget().charge(received);
    try {
      deframer.receive(data);
    } catch (GrpcStatusException e) {
      returnEverything();
      onProtocolErrorOnLoop(e.status());
      return;
    }
    if (endStream) {
      endSeen = true;
    }
    if (queuedWire == 0) {
      returnAll();
    }
    if (endStream) {
      if (inMiddleOfMessage()) {
        onProtocolErrorOnLoop(GrpcStatus.of(GrpcStatusCode.INTERNAL,
            "stream ended in the middle of a gRPC message"));
        return;
      }
      onRemoteEndOnLoop();
    }
  }

  /**
   * A whole framed message passed by reference (the in-process transport): queued as it is, with
   * no deframing and no copy; accounted like DATA (windows, inbound budget) until taken. A message
   * the deframer would refuse (compressed flag, wrong length, over the size limit) goes through it,
   * so it gets the same status as on the network.
   */
  @Override
  public void onFramedMessage(ByteBuf framed) {
    assert onLoop() : "onFramedMessage off the event loop";
    int size = framed.readableBytes();
    int at = framed.readerIndex();
    if (deframer == null || !deframer.isIdle() || size < 5 || framed.getByte(at) != 0
        || framed.getInt(at + 1) != size - 5 || size - 5 > maxInboundMessageSize()) {
      try {
        onData(framed, 0, false);
      } finally {
        framed.release();
      }
      return;
    }
    unreturned += size;
    held += size;
    transport.inboundBudget().charge(size);
    framed.skipBytes(5);
    onMessage(framed, size);
    if (queuedWire == 0) {
      returnAll();
    }
  }

  /** Whether a message is partly received: the stream cannot end cleanly here. Event-loop only. */
  protected final boolean inMiddleOfMessage() {
    return deframer != null && !deframer.isIdle();
  }

  @Override
  public void onMessage(ByteBuf message, int wireBytes) {
    boolean queued = false;
    lock.lock();
    try {
      if (failure == null && !closed) {
        inbound.add(new Queued(message, wireBytes));
        queuedWire += wireBytes;
        readable.signalAll();
        queued = true;
      }
    } finally {
      lock.unlock();
    }
    if (!queued) {
      message.release();
      releaseHeld(wireBytes);
    } else {
      fireEvent();
    }
    endExemption();
  }

  /** A message is complete: an exemption from the inbound budget has served its purpose. */
  private void endExemption() {
    InboundBudget budget = transport.inboundBudget();
    if (budget.isLimited()) {
      budget.endExempt(this);
    }
  }

  /** Stops charging up to {@code bytes} to the inbound budget. Event-loop only. */
  private void releaseHeld(long bytes) {
    assert transport.eventLoop().inEventLoop();
    long n = Math.min(bytes, held);
    if (n > 0) {
      held -= n;
      transport.inboundBudget().release(n);
    }
  }

  /**
   * Whether the bytes of a partly received message may go back to the windows now. If not, a
   * retry is scheduled for when the inbound budget has room. Event-loop only.
   */
  private boolean budgetAllowsReturn() {
    assert transport.eventLoop().inEventLoop();
    InboundBudget budget = transport.inboundBudget();
    if (endSeen || budget.hasRoom() || budget.tryExempt(this)) {
      return true;
    }
    if (!awaitingBudget) {
      awaitingBudget = true;
      budget.awaitRoom(() -> transport.eventLoop().execute(this::onBudgetRoom));
    }
    return false;
  }

  /** The inbound budget may have room again: return what was withheld. Event-loop only. */
  private void onBudgetRoom() {
    awaitingBudget = false;
    if (streamClosed || queuedWire > 0 || unreturned == 0) {
      return; // closed: Netty returned everything; queued: returned when the application takes a message
    }
    if (budgetAllowsReturn()) {
      returnEverything();
    }
  }

  private void consumedOnLoop(int wireBytes) {
    assert onLoop() : "consumedOnLoop off the event loop";
    queuedWire -= wireBytes;
    releaseHeld(wireBytes);
    // part of this message may have gone back already, while it was still partly received and
    // nothing waited in the queue; never return more than is outstanding
    int n = (int) Math.min(wireBytes, unreturned);
    unreturned -= n;
    transport.consumeBytes(streamId, n);
    if (queuedWire == 0 && unreturned > 0 && budgetAllowsReturn()) {
      returnEverything();
    }
  }

  /**
   * Returns every outstanding byte, but in batches of at least {@link #RETURN_BATCH}: one call
   * into Netty's flow controller per DATA frame cost ~15% of the receive path. Holding back less
   * than that (far below the window) never stalls the sender; whatever is left is returned when a
   * message is taken or the stream ends. With a window under twice the batch, half the window is
   * the batch: holding back a whole window would stall a message larger than it for good.
   */
  private void returnAll() {
    int batch = Math.min(RETURN_BATCH, transport.config().streamWindow() / 2);
    if ((unreturned >= batch || (unreturned > 0 && queuedWire == 0 && endSeen)) && budgetAllowsReturn()) {
      transport.consumeBytes(streamId, (int) unreturned);
      unreturned = 0;
    }
  }

  private void returnEverything() {
    if (unreturned > 0) {
      transport.consumeBytes(streamId, (int) unreturned);
      unreturned = 0;
    }
  }

  /** Marks the inbound side ended with {@code status} (OK for a clean end). */
  protected final void endInbound(GrpcStatus status) {
    boolean changed = false;
    lock.lock();
    try {
      if (!inboundEnded) {
        inboundEnded = true;
        endStatus = status;
        readable.signalAll();
        stateChanged.signalAll();
        changed = true;
      }
    } finally {
      lock.unlock();
    }
    if (changed) {
      fireEvent();
    }
  }

  /**
   * Fails the call locally: wakes every waiter with {@code status} and releases queued messages.
   * Returns false if the call had already failed. Any thread.
   */
  protected final boolean fail(GrpcStatus status) {
    ArrayDeque<Queued> drop;
    lock.lock();
    try {
      if (failure != null) {
        return false;
      }
      failure = status;
      drop = new ArrayDeque<>(inbound);
      inbound.clear();
      readable.signalAll();
      writable.signalAll();
      stateChanged.signalAll();
    } finally {
      lock.unlock();
    }
    for (Queued q : drop) {
      q.message.release();
    }
    fireEvent();
    return true;
  }

  @Override
  public void onClosed() {
    assert onLoop() : "onClosed off the event loop";
    streamClosed = true;
    if (deframer != null) {
      deframer.close();
    }
    // what is still queued is the application's now: no window credit depends on it any more
    releaseHeld(held);
    InboundBudget budget = transport.inboundBudget();
    if (budget.isLimited()) {
      budget.endExempt(this);
    }
    onClosedOnLoop();
  }

  /** The peer half-closed (server) or its DATA ended (client, before trailers). */
  protected abstract void onRemoteEndOnLoop();

  /** Malformed input on this stream. */
  protected abstract void onProtocolErrorOnLoop(GrpcStatus status);

  /** The stream is gone; subclasses fail the call unless it completed. */
  protected abstract void onClosedOnLoop();

  // ---------------------------------------------------------------- application side

  /**
   * Blocks until a message, the end of the inbound side or a failure.
   *
   * @return an owned message (the caller releases it), or null at a clean end
   * @throws GrpcStatusException when the call failed or ended with a non-OK status
   */
  public ByteBuf readMessage() {
    Queued q;
    lock.lock();
    try {
      while (inbound.isEmpty() && !inboundEnded && failure == null) {
        DirectGuard.checkMayBlock("wait for a message of the call");
        try {
          readable.await();
        } catch (InterruptedException e) {
          throw interruptedUnderLock(e);
        }
      }
      q = takeUnderLock();
    } finally {
      lock.unlock();
    }
    return q == null ? null : taken(q);
  }

  /**
   * Takes the next message if one is queued, without waiting: the non-blocking form of
   * {@link #readMessage}. A null return means nothing is queued now; {@link #isInboundComplete()}
   * then tells whether that is the clean end. Any thread.
   *
   * @return an owned message (the caller releases it), or null when none is queued
   * @throws GrpcStatusException when the call failed, or ended with a non-OK status and nothing
   *     is left to read
   */
  public ByteBuf pollMessage() {
    Queued q;
    lock.lock();
    try {
      q = takeUnderLock();
    } finally {
      lock.unlock();
    }
    return q == null ? null : taken(q);
  }

  /**
   * Takes the next queued message off the queue (the caller holds {@code lock}, and passes it to
   * {@link #taken} once it has let go): null at a clean end or when nothing is queued yet.
   *
   * @throws GrpcStatusException when the call failed, or ended non-OK with nothing left to read
   */
  private Queued takeUnderLock() {
    if (failure != null) {
      throw failure.asException();
    }
    Queued q = inbound.poll();
    if (q == null) {
      if (inboundEnded && !endStatus.isOk()) {
        throw endStatus.asException();
      }
      return null;
    }
    if (inboundEnded && inbound.isEmpty()) {
      stateChanged.signalAll();
    }
    return q;
  }

  /**
   * Whether the inbound side ended cleanly and every message has been taken: after a null from
   * {@link #pollMessage()}, the end of the stream. Any thread.
   */
  public boolean isInboundComplete() {
    lock.lock();
    try {
      return failure == null && inboundEnded && endStatus.isOk() && inbound.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Whether nothing more will be received: the peer ended its side (cleanly or not) or the call
   * failed. Messages may still be queued. Any thread.
   */
  public boolean isInboundEnded() {
    lock.lock();
    try {
      return inboundEnded || failure != null;
    } finally {
      lock.unlock();
    }
  }

  /** A message left the queue for the application: its bytes go back to the windows. */
  private ByteBuf taken(Queued q) {
    int wire = q.wireBytes;
    if (streamClosed) {
      // Netty gave the stream's unconsumed bytes back to the connection window when it closed
      return q.message;
    }
    transport.eventLoop().execute(() -> consumedOnLoop(wire));
    return q.message;
  }

  /**
   * Adds what runs whenever something changed that a non-blocking user of the call may act on: a
   * message was queued, the inbound side ended, the call failed, or the outbound buffer drained
   * below its limit (see {@link #isReady()}). It runs on the thread that made the change, often
   * the event loop, and possibly more than once per change: it must be quick, must not block and
   * must not run application code (it schedules work on an executor). Add it before the call can
   * produce events, or run it once after adding it to catch up. Any thread.
   */
  public synchronized void addEventListener(Runnable listener) {
    Runnable[] now = eventListeners;
    Runnable[] next = java.util.Arrays.copyOf(now, now.length + 1);
    next[now.length] = listener;
    eventListeners = next;
  }

  /** Removes a listener {@link #addEventListener} added. Any thread. */
  public synchronized void removeEventListener(Runnable listener) {
    Runnable[] now = eventListeners;
    for (int i = 0; i < now.length; i++) {
      if (now[i] == listener) {
        Runnable[] next = new Runnable[now.length - 1];
        System.arraycopy(now, 0, next, 0, i);
        System.arraycopy(now, i + 1, next, i, now.length - i - 1);
        eventListeners = next;
        return;
      }
    }
  }

  private void fireEvent() {
    for (Runnable r : eventListeners) {
      r.run();
    }
  }

  /**
   * Whether a write now would not wait: the call has not failed and less than
   * {@code outboundBufferBytes} are written but not yet handed to the socket. Any thread.
   */
  public boolean isReady() {
    long limit = transport.config().outboundBufferBytes();
    lock.lock();
    try {
      return failure == null && outboundPending < limit;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends one framed gRPC message. Takes ownership of {@code message}, released on every path.
   * Blocks while this call already has {@code outboundBufferBytes} unwritten.
   *
   * @param awaitWritten also wait until Netty has written every byte to the socket (so memory the
   *     message references may be reused afterwards)
   * @throws GrpcStatusException if the call has failed
   */
  public void writeMessage(ByteBuf message, boolean endStream, boolean awaitWritten) {
    int size = message.readableBytes();
    reserve(message, size, true);
    ChannelPromise promise = enqueueWrite(message, endStream, size);
    if (awaitWritten) {
      awaitPromise(promise);
    }
  }

  /**
   * Counts {@code size} bytes of {@code message} as outbound, after waiting while the outbound
   * buffer is full if {@code waitForRoom}. Releases the message when it throws.
   */
  private void reserve(ByteBuf message, int size, boolean waitForRoom) {
    long limit = transport.config().outboundBufferBytes();
    lock.lock();
    try {
      while (waitForRoom && failure == null && outboundPending > 0 && outboundPending + size > limit) {
        if (DirectGuard.active()) {
          message.release();
          DirectGuard.checkMayBlock("wait for room in the call's outbound buffer");
        }
        try {
          writable.await();
        } catch (InterruptedException e) {
          message.release();
          throw interruptedUnderLock(e);
        }
      }
      if (failure != null) {
        message.release();
        throw failure.asException();
      }
      outboundPending += size;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends one framed gRPC message without waiting, even when the outbound buffer is full: the
   * non-blocking form of {@link #writeMessage}, for writers that check {@link #isReady()} (and
   * wait for the event listener) before they write. Takes ownership of {@code message}, released
   * on every path. Any thread.
   *
   * @return a promise completed once Netty has written every byte to the socket (failed if the
   *     call or connection fails first)
   * @throws GrpcStatusException if the call has failed
   */
  public ChannelPromise writeMessageNow(ByteBuf message, boolean endStream) {
    int size = message.readableBytes();
    reserve(message, size, false);
    return enqueueWrite(message, endStream, size);
  }

  private ChannelPromise enqueueWrite(ByteBuf message, boolean endStream, int size) {
    long limit = transport.config().outboundBufferBytes();
    ChannelPromise promise = transport.newPromise();
    promise.addListener(f -> {
      boolean drained;
      lock.lock();
      try {
        long before = outboundPending;
        outboundPending -= size;
        drained = before >= limit && outboundPending < limit;
        writable.signalAll();
      } finally {
        lock.unlock();
      }
      if (drained) {
        fireEvent();
      }
    });
    beforeWrite();
    transport.writeQueue().enqueue(dev.flightwire.internal.http2.WriteQueue.command(
        () -> writeDataOnLoop(message, endStream, promise),
        () -> {
          message.release();
          promise.tryFailure(new IllegalStateException("connection closed"));
        }));
    return promise;
  }

  private void writeDataOnLoop(ByteBuf message, boolean endStream, ChannelPromise promise) {
    assert onLoop() : "writeDataOnLoop off the event loop";
    if (streamId < 0 || isClosedForWrite()) {
      message.release();
      promise.tryFailure(new IllegalStateException("stream closed"));
      return;
    }
    transport.writeData(streamId, message, endStream, promise);
  }

  /** Waits for a write to reach the socket, or for the call to fail. */
  protected void awaitPromise(ChannelPromise promise) {
    if (!promise.isDone()) {
      DirectGuard.checkMayBlock("wait until a message reached the socket");
    }
    while (!promise.isDone()) {
      if (failure() != null) {
        throw failure().asException();
      }
      try {
        promise.await(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        throw interrupted(e);
      }
    }
    if (!promise.isSuccess() && failure() != null) {
      throw failure().asException();
    }
  }

  /** Hook run on the writing thread before each message is queued (server: response headers). */
  protected void beforeWrite() {}

  /** Whether the local side may no longer write DATA. Event-loop only. */
  protected abstract boolean isClosedForWrite();

  /** Sends RST_STREAM(CANCEL) if the stream is open, and fails the call locally. Any thread. */
  public void cancel(GrpcStatus status) {
    if (fail(status)) {
      transport.writeQueue().enqueue(() -> {
        if (streamId > 0) {
          transport.writeRst(streamId, Http2Error.CANCEL);
        }
      });
    }
  }

  /** Fails the call locally without resetting the stream (the owner sends the status). */
  public void failLocally(GrpcStatus status) {
    fail(status);
  }

  /** The local failure, or null. */
  public GrpcStatus failure() {
    lock.lock();
    try {
      return failure;
    } finally {
      lock.unlock();
    }
  }

  /** Releases whatever is still queued; further messages are dropped. Any thread. */
  public void discardInbound() {
    ArrayDeque<Queued> drop;
    lock.lock();
    try {
      closed = true;
      drop = new ArrayDeque<>(inbound);
      inbound.clear();
      if (inboundEnded) {
        stateChanged.signalAll();
      }
    } finally {
      lock.unlock();
    }
    if (!drop.isEmpty()) {
      int wire = 0;
      for (Queued q : drop) {
        wire += q.wireBytes;
        q.message.release();
      }
      int total = wire;
      transport.eventLoop().execute(() -> consumedOnLoop(total));
    }
  }

  /**
   * Cancels the call because the thread waiting on it was interrupted. The client resets the
   * stream; the server overrides this to also send the client a CANCELLED status. Any thread.
   */
  protected void cancelOnInterrupt(GrpcStatus status) {
    cancel(status);
  }

  /**
   * Handles an interrupted wait: cancels the call, restores the interrupt flag, and returns the
   * exception to throw (CANCELLED caused by {@code e}, or the call's earlier failure if it had
   * already failed). The caller holds {@code lock}; the lock is released and taken again around
   * the cancellation, which enqueues on the write queue.
   */
  private GrpcStatusException interruptedUnderLock(InterruptedException e) {
    lock.unlock();
    try {
      return interrupted(e);
    } finally {
      lock.lock();
    }
  }

  private GrpcStatusException interrupted(InterruptedException e) {
    GrpcStatus s = GrpcStatus.of(GrpcStatusCode.CANCELLED, "the waiting thread was interrupted",
        dev.flightwire.CallHeaders.EMPTY, e);
    cancelOnInterrupt(s);
    Thread.currentThread().interrupt();
    GrpcStatus f = failure();
    return (f != null ? f : s).asException();
  }

  /** Wakes waiters after a subclass changed state it exposes (for example response headers). */
  protected final void signalChange() {
    lock.lock();
    try {
      stateChanged.signalAll();
    } finally {
      lock.unlock();
    }
    fireEvent();
  }

  /** Waits, under the stream's lock, until {@code ready} holds or the call failed. */
  protected final void awaitCondition(java.util.function.BooleanSupplier ready) {
    lock.lock();
    try {
      while (!ready.getAsBoolean() && failure == null && !(inboundEnded && inbound.isEmpty())) {
        DirectGuard.checkMayBlock("wait for a call's response");
        try {
          stateChanged.await();
        } catch (InterruptedException e) {
          throw interruptedUnderLock(e);
        }
      }
    } finally {
      lock.unlock();
    }
  }
}
