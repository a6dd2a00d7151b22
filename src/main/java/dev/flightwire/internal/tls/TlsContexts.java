package dev.flightwire.internal.tls;

import dev.flightwire.internal.util.Natives;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayInputStream;
import javax.net.ssl.SSLException;

/**
 * Builds the TLS contexts of servers and clients: TLS 1.2/1.3, the HTTP/2 cipher list, ALPN
 * offering only {@code h2}. BoringSSL (netty-tcnative) when it loads and {@link Natives} allows
 * it, the JDK's engine otherwise (or when the system property {@code flightwire.tls.jdk} is true,
 * read for each context). Both engines serve the same options: client certificates, host name
 * checks (against the override when one is given), and no verification at all on request.
 */
public final class TlsContexts {
  /** Why BoringSSL is not used whatever flightwire.tls.jdk says, or null when it may be. */
  private static final String WHY_NOT_OPENSSL = whyNotOpenSsl();

  private static final ApplicationProtocolConfig ALPN_H2 = new ApplicationProtocolConfig(
      ApplicationProtocolConfig.Protocol.ALPN,
      ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
      ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
      ApplicationProtocolNames.HTTP_2);

  private TlsContexts() {}

  /** Under flightwire.native=false netty-tcnative is not even loaded (OpenSsl's class init loads it). */
  private static String whyNotOpenSsl() {
    String why;
    if (!Natives.allowed()) {
      why = Natives.PROPERTY + "=false";
    } else if (!OpenSsl.isAvailable()) {
      why = "netty-tcnative unavailable: " + OpenSsl.unavailabilityCause();
    } else {
      return null;
    }
    org.slf4j.LoggerFactory.getLogger(TlsContexts.class).debug("TLS uses the JDK's engine ({})", why);
    return why;
  }

  /** The engine in use: BoringSSL through netty-tcnative, or the JDK's. */
  public static SslProvider provider() {
    return WHY_NOT_OPENSSL == null && !Boolean.getBoolean("flightwire.tls.jdk") ? SslProvider.OPENSSL
        : SslProvider.JDK;
  }

  /** A human-readable name of {@link #provider()}, for start-up messages. */
  public static String providerName() {
    if (provider() == SslProvider.OPENSSL) {
      return OpenSsl.versionString() + " (netty-tcnative)";
    }
    return "JDK TLS (" + (WHY_NOT_OPENSSL != null ? WHY_NOT_OPENSSL : "flightwire.tls.jdk is set") + ")";
  }

  /**
   * A server context for one certificate chain and key (PEM), verifying client certificates
   * against {@code clientRootsPem} when {@code clientAuth} is not NONE.
   */
  public static SslContext server(byte[] certChainPem, byte[] privateKeyPem, ClientAuth clientAuth,
      byte[] clientRootsPem) {
    try {
      SslContextBuilder b = SslContextBuilder.forServer(new ByteArrayInputStream(certChainPem),
          new ByteArrayInputStream(privateKeyPem));
      common(b);
      if (clientAuth != ClientAuth.NONE) {
        if (clientRootsPem == null) {
          throw new IllegalArgumentException("verifying client certificates needs root certificates");
        }
        b.trustManager(new ByteArrayInputStream(clientRootsPem)).clientAuth(clientAuth);
      }
      return b.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid TLS server certificate, key or client roots: " + message(e), e);
    }
  }

  /**
   * A client context. {@code rootsPem} null trusts the JVM's default roots; a certificate chain and
   * key (both or neither) are presented for mTLS; {@code verifyServer} false accepts any server
   * certificate and host name.
   */
  public static SslContext client(byte[] rootsPem, byte[] certChainPem, byte[] privateKeyPem, boolean verifyServer) {
    try {
      SslContextBuilder b = SslContextBuilder.forClient();
      common(b);
      if (!verifyServer) {
        b.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
      } else {
        if (rootsPem != null) {
          b.trustManager(new ByteArrayInputStream(rootsPem));
        }
        b.endpointIdentificationAlgorithm("HTTPS");
      }
      if ((certChainPem == null) != (privateKeyPem == null)) {
        throw new IllegalArgumentException("a client certificate needs both the chain and the private key");
      }
      if (certChainPem != null) {
        b.keyManager(new ByteArrayInputStream(certChainPem), new ByteArrayInputStream(privateKeyPem));
      }
      return b.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid TLS client settings: " + message(e), e);
    }
  }

  private static void common(SslContextBuilder b) {
    b.sslProvider(provider())
        .protocols("TLSv1.3", "TLSv1.2")
        .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
        .applicationProtocolConfig(ALPN_H2);
  }

  private static String message(Throwable e) {
    StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
        sb.append(": ").append(c.getMessage());
      }
    }
    return sb.toString();
  }
}
