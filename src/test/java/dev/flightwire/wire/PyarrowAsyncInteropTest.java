package dev.flightwire.wire;

/**
 * pyarrow 25 against flightwire's asynchronous API, both directions: pyarrow's conformance client
 * against {@link dev.flightwire.interop.AsyncConformanceServer} (GetFlightInfo and GetSchema
 * completed on other threads, DoGet written from onReady with writeBatchAsync), and the
 * conformance checks through the client's asynchronous calls (futures, the DoGet publisher,
 * doPutAsync) against pyarrow's server.
 */
class PyarrowAsyncInteropTest extends PyarrowInteropTest {
  @Override
  boolean async() {
    return true;
  }
}
