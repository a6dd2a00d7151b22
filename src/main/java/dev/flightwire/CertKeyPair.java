package dev.flightwire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A TLS certificate chain and its private key, both PEM: the chain starts with the leaf
 * certificate; the key is PKCS#8 ({@code BEGIN PRIVATE KEY}), with either TLS engine. A PKCS#1 key
 * ({@code BEGIN RSA PRIVATE KEY}) is not read: convert it with {@code openssl pkcs8 -topk8 -nocrypt}.
 * Used by servers ({@link FlightServer.Builder#useTls}) and by mTLS clients
 * ({@link FlightClientOptions.Builder#certChain}). Immutable; the arrays are copied.
 */
public final class CertKeyPair {
  private final byte[] certChain;
  private final byte[] privateKey;

  /**
   * A pair from PEM bytes. Nothing is parsed here: a malformed certificate or key fails when the
   * server starts or the client connects, with {@link IllegalArgumentException}.
   *
   * @param certChainPem the certificate chain, PEM, leaf first (copied); not null
   * @param privateKeyPem the private key of the leaf certificate, PEM (copied); not null
   * @throws NullPointerException when either is null
   */
  public CertKeyPair(byte[] certChainPem, byte[] privateKeyPem) {
    this.certChain = Objects.requireNonNull(certChainPem, "certChainPem").clone();
    this.privateKey = Objects.requireNonNull(privateKeyPem, "privateKeyPem").clone();
  }

  /**
   * A pair from PEM text.
   *
   * @param certChainPem the certificate chain, PEM text, leaf first
   * @param privateKeyPem the private key of the leaf certificate, PEM text
   * @return the pair
   */
  public static CertKeyPair of(String certChainPem, String privateKeyPem) {
    return new CertKeyPair(certChainPem.getBytes(StandardCharsets.US_ASCII),
        privateKeyPem.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * A pair read from two PEM files, read once, now.
   *
   * @param certChainPem the file of the certificate chain, leaf first
   * @param privateKeyPem the file of the private key
   * @return the pair
   * @throws IOException when a file cannot be read
   */
  public static CertKeyPair fromFiles(Path certChainPem, Path privateKeyPem) throws IOException {
    return new CertKeyPair(Files.readAllBytes(certChainPem), Files.readAllBytes(privateKeyPem));
  }

  /**
   * The certificate chain.
   *
   * @return a copy of the PEM bytes
   */
  public byte[] certChain() {
    return certChain.clone();
  }

  /**
   * The private key.
   *
   * @return a copy of the PEM bytes
   */
  public byte[] privateKey() {
    return privateKey.clone();
  }

  @Override
  public String toString() {
    return "CertKeyPair(" + certChain.length + " bytes of certificates, private key hidden)";
  }
}
