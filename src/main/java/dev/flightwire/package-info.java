/**
 * Apache Arrow Flight RPC for the JVM, on Netty HTTP/2 with its own gRPC layer: a client, a server
 * base to implement, the streams that carry record batches, Flight's value types and its errors. It
 * speaks Flight byte for byte with other implementations (pyarrow, Arrow Java, Arrow C++), and
 * record-batch buffers go between Arrow vectors and HTTP/2 frames without being copied.
 *
 * <h2>Client</h2>
 * {@link FlightClient#connect(Location, FlightClientOptions)} opens a client, with
 * {@link FlightClientOptions} for TLS, middleware, limits and the allocator, and
 * {@link FlightCallOptions} for per-call headers and timeouts. Its methods are the Flight RPCs:
 * {@code doGet} returns a {@link FlightStreamReader}, {@code doPut} a {@link DoPutStreams},
 * {@code doExchange} a {@link DoExchangeStreams}, the listing calls a {@link ResultStream}.
 * {@link EndpointFetcher} reads every endpoint of a {@link FlightInfo}.
 *
 * <h2>Server</h2>
 * Extend {@link FlightServerBase}, overriding the RPCs the service offers, and serve it with
 * {@link FlightServer#builder}. Each method gets the {@link ServerCallContext} of its call. DoGet
 * returns a {@link FlightDataStream}: a {@link RecordBatchStream} over existing data or a
 * {@link GeneratorStream} that produces it.
 *
 * <h2>Values and errors</h2>
 * {@link FlightDescriptor}, {@link FlightInfo}, {@link FlightEndpoint}, {@link Ticket},
 * {@link Location}, {@link Action} and the others are immutable value types that mirror Flight's
 * messages. Every failed call is a {@link FlightError}, one subclass per {@link FlightStatusCode}.
 *
 * <h2>Ownership and threads</h2>
 * Javadoc states buffer ownership in three phrases: a method <em>takes ownership of</em> what it
 * will close; it <em>borrows</em> what the caller keeps and must not retain it; it <em>returns an
 * owned</em> object that the caller must close. Readers own the root they load batches into (a
 * batch is valid until the next read); {@code writeBatch} returns once the bytes are handed to the
 * socket, so a root may be refilled at once. Clients and servers are thread-safe; each reader and
 * writer is for one thread at a time. Server methods, authentication handlers and middleware run on
 * the server's executor, never on a network thread.
 */
package dev.flightwire;
