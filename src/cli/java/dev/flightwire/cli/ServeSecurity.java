package dev.flightwire.cli;

import dev.flightwire.CertKeyPair;
import dev.flightwire.ClientCertificateMode;
import dev.flightwire.FlightServer;
import dev.flightwire.auth.BasicBearerAuthenticator;
import dev.flightwire.auth.BasicServerAuthHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The TLS and credential options of {@code serve}, checked and applied to a server builder. */
final class ServeSecurity {
  Path tlsCert;
  Path tlsKey;
  Path clientCa;
  String user;
  String password;

  boolean tls() {
    return tlsCert != null;
  }

  /** What is wrong with the combination given, or null. */
  String problem() {
    if ((tlsCert == null) != (tlsKey == null)) {
      return "--tls-cert and --tls-key go together";
    }
    if (clientCa != null && tlsCert == null) {
      return "--tls-client-ca needs --tls-cert and --tls-key";
    }
    if ((user == null) != (password == null)) {
      return "--user and --password go together";
    }
    for (Path p : new Path[] {tlsCert, tlsKey, clientCa}) {
      if (p != null && !Files.isReadable(p)) {
        return "cannot read " + p;
      }
    }
    return null;
  }

  void apply(FlightServer.Builder b) throws IOException {
    if (tls()) {
      b.useTls(CertKeyPair.fromFiles(tlsCert, tlsKey));
      if (clientCa != null) {
        b.verifyClients(ClientCertificateMode.REQUIRED, Files.readAllBytes(clientCa));
      }
    }
    if (user != null) {
      SingleUserAuth auth = new SingleUserAuth(user, password);
      b.authHandler(new BasicServerAuthHandler(auth)).headerAuthenticator(new BasicBearerAuthenticator(auth));
    }
  }

  /** For the start-up line: what is required of clients. */
  String describe() {
    StringBuilder sb = new StringBuilder();
    if (clientCa != null) {
      sb.append(", client certificates required");
    }
    if (user != null) {
      sb.append(", credentials required (user ").append(user).append(')');
    }
    return sb.toString();
  }
}
