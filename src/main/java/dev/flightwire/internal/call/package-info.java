/**
 * One call as one HTTP/2 stream, for both sides: the queue of received messages an application
 * thread reads, the bounded pipe of messages it writes, deadlines, cancellation and the response
 * rules of gRPC. Not API: this package is not exported, and may change at any time.
 */
package dev.flightwire.internal.call;
