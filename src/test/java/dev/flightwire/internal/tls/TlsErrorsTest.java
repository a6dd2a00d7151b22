package dev.flightwire.internal.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.DecoderException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** The one-line descriptions of TLS failures, as the JDK's engine and BoringSSL word them. */
class TlsErrorsTest {
  @Test
  void aCertificateAlertFromThePeerSaysItRefusedOurs() {
    SSLHandshakeException jdk = new SSLHandshakeException("Received fatal alert: bad_certificate");
    assertEquals("the peer refused our certificate, or wanted one and got none: "
        + "javax.net.ssl.SSLHandshakeException: Received fatal alert: bad_certificate",
        TlsErrors.describe(new DecoderException(jdk)));
    String boring = TlsErrors.describe(new SSLHandshakeException(
        "error:1000045c:SSL routines:OPENSSL_internal:TLSV13_ALERT_CERTIFICATE_REQUIRED"));
    assertTrue(boring.startsWith("the peer refused our certificate"), boring);
  }

  @Test
  void refusingThePeersCertificateIsAVerificationFailure() {
    SSLHandshakeException e = new SSLHandshakeException("(certificate_unknown) PKIX path building failed");
    e.initCause(new CertificateException("unable to find valid certification path"));
    assertTrue(TlsErrors.describe(e).startsWith("certificate verification failed: "), TlsErrors.describe(e));
  }
}
