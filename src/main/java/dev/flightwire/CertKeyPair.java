package dev.flightwire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A TLS certificate chain and its private key, both PEM: the chain starts with the leaf
 * certificate; the key is PKCS#8 ({@code BEGIN PRIVATE KEY}) or PKCS#1 ({@code BEGIN RSA PRIVATE
 * KEY}, BoringSSL only). Used by servers ({@link FlightServer.Builder#useTls}) and by mTLS clients
 * ({@link FlightClientOptions.Builder#certChain}). Immutable; the arrays are copied.
 */
public final class CertKeyPair {
  private final byte[] certChain;
  private final byte[] privateKey;

  public CertKeyPair(byte[] certChainPem, byte[] privateKeyPem) {
    this.certChain = Objects.requireNonNull(certChainPem, "certChainPem").clone();
    this.privateKey = Objects.requireNonNull(privateKeyPem, "privateKeyPem").clone();
  }

  /** A pair from PEM text. */
  public static CertKeyPair of(String certChainPem, String privateKeyPem) {
    return new CertKeyPair(certChainPem.getBytes(StandardCharsets.US_ASCII),
        privateKeyPem.getBytes(StandardCharsets.US_ASCII));
  }

  /** A pair read from two PEM files. */
  public static CertKeyPair fromFiles(Path certChainPem, Path privateKeyPem) throws IOException {
    return new CertKeyPair(Files.readAllBytes(certChainPem), Files.readAllBytes(privateKeyPem));
  }

  /** The PEM certificate chain (a copy). */
  public byte[] certChain() {
    return certChain.clone();
  }

  /** The PEM private key (a copy). */
  public byte[] privateKey() {
    return privateKey.clone();
  }

  @Override
  public String toString() {
    return "CertKeyPair(" + certChain.length + " bytes of certificates, private key hidden)";
  }
}
