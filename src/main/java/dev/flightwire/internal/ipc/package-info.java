/**
 * Arrow IPC over Flight: FlightData messages to and from record batches, schemas and dictionaries,
 * with the zero-copy bridges between Arrow buffers and Netty buffers, and body compression. Not
 * API: this package is not exported, and may change at any time.
 */
package dev.flightwire.internal.ipc;
