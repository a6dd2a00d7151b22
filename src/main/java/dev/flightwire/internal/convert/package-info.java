/**
 * Conversions between the public value types and the protobuf messages of Flight.proto: the
 * value types, the well-known action bodies, PutResult acknowledgements, the BasicAuth handshake
 * payload. Every toProto/fromProto lives here, once. Not API: this package is not exported, and
 * may change at any time.
 */
package dev.flightwire.internal.convert;
