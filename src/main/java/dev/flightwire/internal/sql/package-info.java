/**
 * The Flight SQL wire layer: packing FlightSql.proto messages into {@code google.protobuf.Any}
 * and converting them to and from the value types of {@code dev.flightwire.sql}. Every
 * conversion lives here, once. Not API: this package is not exported, and may change at any
 * time.
 */
package dev.flightwire.internal.sql;
