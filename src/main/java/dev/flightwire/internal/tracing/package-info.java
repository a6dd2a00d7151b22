/**
 * W3C trace context parsing, and OpenTelemetry spans reached only when its API is on the classpath.
 * Not API: this package is not exported, and may change at any time.
 */
package dev.flightwire.internal.tracing;
