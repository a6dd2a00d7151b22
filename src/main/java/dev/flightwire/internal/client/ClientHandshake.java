package dev.flightwire.internal.client;

import com.google.protobuf.ByteString;
import dev.flightwire.CallHeaders;
import dev.flightwire.FlightCallOptions;
import dev.flightwire.FlightUnauthenticatedError;
import dev.flightwire.auth.AuthReader;
import dev.flightwire.auth.ClientAuthHandler;
import dev.flightwire.internal.call.ClientStream;
import dev.flightwire.internal.convert.Errors;
import dev.flightwire.internal.grpc.GrpcStatus;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;
import dev.flightwire.internal.proto.HandshakeRequest;
import dev.flightwire.internal.proto.HandshakeResponse;
import dev.flightwire.middleware.FlightMethod;
import io.netty.buffer.ByteBuf;

/**
 * The two client handshakes: Flight's Handshake call driven by a {@link ClientAuthHandler}
 * (whose token later calls send as {@code auth-token-bin}), and the Basic-then-Bearer header
 * convention (whose bearer token later calls send as {@code authorization}). Each runs on the
 * calling thread and stores the credential in {@link ClientCalls}.
 */
public final class ClientHandshake {
  private ClientHandshake() {}

  /** Runs {@code handler}'s handshake; see {@code FlightClient.authenticate}. */
  public static void authenticate(ClientCalls calls, ClientAuthHandler handler, FlightCallOptions callOptions) {
    ClientStream s = calls.open(FlightMethod.HANDSHAKE, callOptions, null);
    try {
      AuthReader in = () -> {
        ByteBuf m = s.readMessage();
        if (m == null) {
          return null;
        }
        try {
          return HandshakeResponse.parseFrom(m.nioBuffer()).getPayload().toByteArray();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
          throw GrpcStatusException.of(GrpcStatusCode.INTERNAL, "malformed HandshakeResponse");
        } finally {
          m.release();
        }
      };
      handler.authenticate(payload -> s.writeMessage(
          ClientCalls.frame(s.transportAlloc(), HandshakeRequest.newBuilder().setPayload(ByteString.copyFrom(payload))
              .build()), false, false), in);
      s.halfClose();
      while (in.read() != null) {
        // drain the rest of the handshake to its status
      }
      GrpcStatus status = s.awaitStatus();
      if (!status.isOk()) {
        throw Errors.toFlight(status.asException());
      }
      calls.token(handler.getToken());
    } catch (GrpcStatusException e) {
      throw Errors.toFlight(e);
    } finally {
      s.discardInbound();
    }
  }

  /** The Basic-then-Bearer handshake; see {@code FlightClient.authenticateBasicToken}. */
  public static String authenticateBasicToken(ClientCalls calls, String username, String password,
      FlightCallOptions callOptions) {
    String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(
        (username + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    FlightCallOptions withAuth = FlightCallOptions.builder().headers(callOptions.headers())
        .header("authorization", basic).timeout(callOptions.timeout()).build();
    ClientStream s = calls.open(FlightMethod.HANDSHAKE, withAuth, null);
    try {
      s.halfClose();
      ByteBuf m;
      while ((m = s.readMessage()) != null) {
        m.release();
      }
      String found = bearerIn(s.responseTrailers());
      if (found == null) {
        found = bearerIn(s.awaitHeaders());
      }
      if (found == null) {
        throw new FlightUnauthenticatedError("the server accepted the credentials but sent no bearer token");
      }
      calls.bearer(found);
      return found;
    } catch (GrpcStatusException e) {
      throw Errors.toFlight(e);
    } finally {
      s.discardInbound();
    }
  }

  private static String bearerIn(CallHeaders headers) {
    for (String v : headers.getAll("authorization")) {
      if (v.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return "Bearer " + v.substring(7).trim();
      }
    }
    return null;
  }}
