package dev.flightwire;

/**
 * Whether a TLS server asks clients for certificates (mutual TLS), set with
 * {@link FlightServer.Builder#verifyClients}. The default is {@link #NONE}.
 */
public enum ClientCertificateMode {
  /** Clients are not asked for a certificate. */
  NONE,
  /** A certificate is asked for and verified if sent; clients without one are accepted. */
  OPTIONAL,
  /** Every client must present a certificate that verifies against the given roots. */
  REQUIRED
}
