package dev.flightwire.auth;

/** Sends handshake payloads to the other side during authentication. */
public interface AuthSender {
  void write(byte[] payload);
}
