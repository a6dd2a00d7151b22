package dev.flightwire.internal.tls;

import io.netty.handler.ssl.NotSslRecordException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;

/** Turns TLS failures into one line a user understands, with a hint where the cause is common. */
public final class TlsErrors {
  private TlsErrors() {}

  /** A readable description of a handshake failure. */
  public static String describe(Throwable t) {
    if (t == null) {
      return "unknown error";
    }
    StringBuilder chain = new StringBuilder();
    boolean notTls = false;
    boolean closed = false;
    boolean certificate = false;
    boolean refusedOurs = false;
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      notTls |= c instanceof NotSslRecordException;
      closed |= c instanceof ClosedChannelException;
      certificate |= c instanceof CertificateException || c instanceof CertPathValidatorException;
      String m = c.getMessage();
      refusedOurs |= m != null && refusesOurCertificate(m);
      if (m != null && chain.indexOf(m) < 0) {
        if (chain.length() > 0) {
          chain.append(": ");
        }
        chain.append(m.length() > 200 ? m.substring(0, 200) + "..." : m);
      }
    }
    String text = chain.length() == 0 ? t.getClass().getSimpleName() : chain.toString();
    if (notTls) {
      return "the peer is not speaking TLS (plaintext? use grpc+tcp:// on both sides)";
    }
    if (closed) {
      return "the peer closed the connection during the handshake (a plaintext server, or it refused our "
          + "certificate)";
    }
    if (certificate) {
      return "certificate verification failed: " + text;
    }
    if (refusedOurs) {
      return "the peer refused our certificate, or wanted one and got none: " + text;
    }
    return text;
  }

  /**
   * Whether a message reports a certificate alert received from the peer: the JDK says "Received
   * fatal alert: bad_certificate", BoringSSL "SSLV3_ALERT_BAD_CERTIFICATE". Under TLS 1.3 a client
   * learns this only after its own handshake completed, when the server checks its certificate.
   */
  private static boolean refusesOurCertificate(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    return (m.contains("received fatal alert") || m.contains("alert_"))
        && (m.contains("bad_certificate") || m.contains("certificate_required") || m.contains("unknown_ca")
            || m.contains("certificate_unknown"));
  }
}
