/**
 * Small Netty helpers: the native or NIO transport of the platform, and socket tuning. Not API:
 * this package is not exported, and may change at any time.
 */
package dev.flightwire.internal.util;
