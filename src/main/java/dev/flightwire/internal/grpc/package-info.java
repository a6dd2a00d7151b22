/**
 * The gRPC wire layer: the 5-byte message framing and the deframer, status codes and their mapping
 * to HTTP, percent-encoded status messages, ASCII and {@code -bin} metadata, and
 * {@code grpc-timeout}. Not API: this package is not exported, and may change at any time.
 */
package dev.flightwire.internal.grpc;
