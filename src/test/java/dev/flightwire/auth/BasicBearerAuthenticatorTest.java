package dev.flightwire.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.CallHeaders;
import dev.flightwire.FlightUnauthenticatedError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BasicBearerAuthenticatorTest {
  private static CallHeaders basic(String user, String password) {
    String b64 = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return new CallHeaders().insert("authorization", "Basic " + b64);
  }

  private static String token(CallHeaderAuthenticator.AuthResult r) {
    return r.outgoingHeaders().get("authorization").substring("Bearer ".length());
  }

  @Test
  void expiredTokensAreSweptSoMemoryFollowsLiveSessions() throws Exception {
    BasicBearerAuthenticator auth = new BasicBearerAuthenticator((u, p) -> p.equals("pw") ? u : null,
        Duration.ofMillis(300)); // long enough that the last token below is still live on a loaded machine
    for (int i = 0; i < 5000; i++) {
      auth.authenticate(basic("u" + i, "pw"));
    }
    Thread.sleep(350);   // all of them expire (a token's expiry is the point of this test)
    String live = null;
    for (int i = 0; i < 5000; i++) {
      live = token(auth.authenticate(basic("v" + i, "pw")));
    }
    assertTrue(auth.tokensHeld() <= 5000 + 1024, "expired tokens are swept: " + auth.tokensHeld() + " held");
    assertEquals("v4999", auth.authenticate(new CallHeaders().insert("authorization", "Bearer " + live)).peerIdentity());
  }

  @Test
  void wrongPasswordAndUnknownTokenAreRefused() {
    BasicBearerAuthenticator auth = new BasicBearerAuthenticator((u, p) -> p.equals("pw") ? u : null);
    assertThrows(FlightUnauthenticatedError.class, () -> auth.authenticate(basic("u", "nope")));
    assertThrows(FlightUnauthenticatedError.class,
        () -> auth.authenticate(new CallHeaders().insert("authorization", "Bearer made-up")));
  }
}
