/**
 * The Netty HTTP/2 layer: the client and server connection handlers, settings and windows, the
 * per-connection write queue, pings, flood limits and the two-step GOAWAY. Not API: this package is
 * not exported, and may change at any time.
 */
package dev.flightwire.internal.http2;
