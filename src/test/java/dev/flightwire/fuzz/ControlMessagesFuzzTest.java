package dev.flightwire.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.flightwire.CancelStatus;
import dev.flightwire.CloseSessionStatus;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightError;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightServerBase;
import dev.flightwire.PollInfo;
import dev.flightwire.ProtoAccess;
import dev.flightwire.SchemaResult;
import dev.flightwire.ServerCallContext;
import dev.flightwire.SessionOptionError;
import dev.flightwire.SessionOptionValue;
import dev.flightwire.auth.BasicAuth;
import java.util.Map;

/**
 * The protobuf control messages, each decoded as the client or the server decodes it from the
 * wire, and then used: FlightInfo (with its IPC schema), PollInfo, FlightEndpoint, descriptors,
 * tickets, criteria, actions, handshake payloads with BasicAuth, GetSchema results, and the
 * well-known action bodies on both sides. The expected failures:
 * <ul>
 *   <li>response and request messages: InvalidProtocolBufferException, which the client reports
 *       as INTERNAL ("malformed response message") and the server as INTERNAL ("could not parse
 *       the request message"), also for a message that parses but does not make sense (a
 *       location that is not a URI, a timestamp out of range);
 *   <li>everything public ({@code FlightInfo.schema()}, {@code SchemaResult.fromBytes},
 *       {@code BasicAuth.deserialize}, the well-known action codecs): a FlightError.
 * </ul>
 * What decodes must survive a round trip through the encoder unchanged.
 */
class ControlMessagesFuzzTest {
  private static final String[] ACTIONS = {"CancelFlightInfo", "RenewFlightEndpoint", "SetSessionOptions",
      "GetSessionOptions", "CloseSession"};

  /** Answers every well-known action with what it was given, so that results are encoded too. */
  private static final FlightServerBase ECHO = new FlightServerBase() {
    @Override
    public CancelStatus cancelFlightInfo(ServerCallContext context, FlightInfo info) {
      info.schema();
      return CancelStatus.CANCELLED;
    }

    @Override
    public FlightEndpoint renewFlightEndpoint(ServerCallContext context, FlightEndpoint endpoint) {
      return endpoint;
    }

    @Override
    public Map<String, SessionOptionError> setSessionOptions(ServerCallContext context,
        Map<String, SessionOptionValue> options) {
      return Map.of();
    }

    @Override
    public CloseSessionStatus closeSession(ServerCallContext context) {
      return CloseSessionStatus.CLOSED;
    }
  };

  @FuzzTest
  void controlMessages(FuzzedDataProvider data) {
    int which = data.consumeInt(0, 9);
    byte[] wire = data.consumeRemainingAsBytes();
    try {
      decode(which, wire);
    } catch (InvalidProtocolBufferException expected) {
      // malformed message: INTERNAL on the wire
    } catch (FlightError expected) {
      // a public API refusing bad input
    }
  }

  private static void decode(int which, byte[] wire) throws InvalidProtocolBufferException {
    switch (which) {
      case 0: {
        FlightInfo info = ProtoAccess.flightInfo(wire);
        assertEquals(info, ProtoAccess.flightInfo(ProtoAccess.toWire(info)));
        info.schema();
        break;
      }
      case 1: {
        PollInfo poll = ProtoAccess.pollInfo(wire);
        assertEquals(poll, ProtoAccess.pollInfo(ProtoAccess.toWire(poll)));
        if (poll.info() != null) {
          poll.info().schema();
        }
        break;
      }
      case 2: {
        FlightDescriptor d = ProtoAccess.descriptor(wire);
        assertEquals(d, ProtoAccess.descriptor(ProtoAccess.toWire(d)));
        assertNotNull(ProtoAccess.ticket(wire));
        assertNotNull(ProtoAccess.criteria(wire));
        break;
      }
      case 3:
        assertNotNull(ProtoAccess.action(wire).toString());
        break;
      case 4:
        assertNotNull(BasicAuth.deserialize(ProtoAccess.handshakePayload(wire)).toString());
        break;
      case 5:
        assertNotNull(SchemaResult.fromBytes(wire).schema());
        break;
      case 6: {
        FlightEndpoint e = ProtoAccess.renewResult(wire);
        assertNotNull(e.toString());
        break;
      }
      case 7:
        assertNotNull(ProtoAccess.cancelResult(wire));
        assertNotNull(ProtoAccess.closeResult(wire));
        break;
      case 8:
        assertNotNull(ProtoAccess.setSessionResult(wire));
        assertNotNull(ProtoAccess.getSessionResult(wire));
        break;
      default:
        for (String type : ACTIONS) {
          try {
            assertNotNull(ProtoAccess.serveWellKnown(ECHO, type, wire));
          } catch (FlightError refused) {
            // FlightInvalidArgumentError for a malformed request body
          }
        }
    }
  }
}
