/**
 * TLS contexts for servers and clients (BoringSSL through netty-tcnative, or the JDK's engine),
 * SNI, client certificates, and readable TLS failures. Not API: this package is not exported, and
 * may change at any time.
 */
package dev.flightwire.internal.tls;
