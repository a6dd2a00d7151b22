package dev.flightwire.internal.tls;

import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * The TLS contexts of one server: one per certificate chain. With several chains the server picks
 * one by the name the client asks for (SNI), matching the certificates' DNS names and wildcards;
 * the first chain answers everything else.
 */
public final class ServerTlsContexts {
  private final SslContext first;
  private final Map<String, SslContext> byName = new LinkedHashMap<>();

  /** Each pair is {certificate chain PEM, private key PEM}. */
  public ServerTlsContexts(List<byte[][]> pairs, ClientAuth clientAuth, byte[] clientRootsPem) {
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException("TLS needs at least one certificate and key");
    }
    SslContext firstContext = null;
    for (byte[][] pair : pairs) {
      SslContext c = TlsContexts.server(pair[0], pair[1], clientAuth, clientRootsPem);
      if (firstContext == null) {
        firstContext = c;
      }
      if (pairs.size() > 1) {
        for (String name : names(pair[0])) {
          byName.putIfAbsent(name, c);
        }
      }
    }
    this.first = firstContext;
  }

  /** A new handler for an accepted connection: the TLS handler, or an SNI handler choosing one. */
  public ChannelHandler newHandler(io.netty.buffer.ByteBufAllocator alloc) {
    if (byName.isEmpty()) {
      return first.newHandler(alloc);
    }
    return new SniHandler(this::select);
  }

  private SslContext select(String host) {
    if (host == null) {
      return first;
    }
    String h = host.toLowerCase(Locale.ROOT);
    SslContext exact = byName.get(h);
    if (exact != null) {
      return exact;
    }
    int dot = h.indexOf('.');
    SslContext wildcard = dot > 0 ? byName.get("*" + h.substring(dot)) : null;
    return wildcard != null ? wildcard : first;
  }

  /** The DNS names and subject CN of the leaf certificate of a PEM chain. */
  static List<String> names(byte[] chainPem) {
    List<String> names = new ArrayList<>();
    try {
      X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(chainPem)).iterator().next();
      if (leaf.getSubjectAlternativeNames() != null) {
        for (List<?> san : leaf.getSubjectAlternativeNames()) {
          if (Integer.valueOf(2).equals(san.get(0))) {
            names.add(san.get(1).toString().toLowerCase(Locale.ROOT));
          }
        }
      }
      for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          names.add(rdn.getValue().toString().toLowerCase(Locale.ROOT));
        }
      }
    } catch (CertificateParsingException e) {
      // no usable names: the chain is only chosen as the first
    } catch (CertificateException | InvalidNameException | java.util.NoSuchElementException e) {
      throw new IllegalArgumentException("cannot read the certificate chain: " + e.getMessage(), e);
    }
    return names;
  }
}
