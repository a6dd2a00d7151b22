package dev.flightwire.auth;

/** Reads handshake payloads from the other side during authentication. */
public interface AuthReader {
  /** Blocks for the next payload; returns null when the other side is done sending. */
  byte[] read();
}
