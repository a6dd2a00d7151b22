/**
 * The in-process transport: client and server in one JVM, reached at {@code in-process://NAME},
 * exchanging calls through the same call layer as the network transports with no socket, no
 * HTTP/2 framing and record batch bodies passed by reference. Not exported.
 */
package dev.flightwire.internal.inprocess;
