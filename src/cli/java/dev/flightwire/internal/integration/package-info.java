/**
 * The Arrow cross-language Flight integration scenarios and JSON round trips, run by the command
 * line's {@code integration-server} and {@code integration-client}. Not API: this package is not
 * exported, and may change at any time.
 */
package dev.flightwire.internal.integration;
