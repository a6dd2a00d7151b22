package dev.flightwire.wire;

/**
 * Arrow Java flight-core 18.3.0 against flightwire's asynchronous API, both directions: Arrow
 * Java's conformance client against {@link dev.flightwire.interop.AsyncConformanceServer}, and the
 * conformance checks through the client's asynchronous calls against Arrow Java's server.
 */
class ArrowJavaAsyncInteropTest extends ArrowJavaInteropTest {
  @Override
  boolean async() {
    return true;
  }
}
