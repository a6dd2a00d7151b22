package dev.flightwire.internal.sql;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import dev.flightwire.FlightInvalidArgumentError;

/**
 * Flight SQL's envelope: every command, action body and action result travels as a
 * {@code google.protobuf.Any} (field 1 the type URL, field 2 the message bytes) whose type URL
 * is {@code type.googleapis.com/arrow.flight.protocol.sql.<Message>}. Reading follows protobuf's
 * own rule for Any: the message is named by what follows the last '/', whatever the prefix.
 */
final class AnyCodec {
  /** The proto package of FlightSql.proto, the start of every message's full name. */
  static final String PACKAGE = "arrow.flight.protocol.sql.";
  /** The prefix this library writes, the one every Arrow implementation writes. */
  static final String TYPE_URL_PREFIX = "type.googleapis.com/";

  private AnyCodec() {}

  /** The Any-wrapped bytes of {@code message}, whose FlightSql.proto name is {@code name}. */
  static byte[] pack(String name, MessageLite message) {
    return Any.newBuilder()
        .setTypeUrl(TYPE_URL_PREFIX + PACKAGE + name)
        .setValue(message.toByteString())
        .build()
        .toByteArray();
  }

  /**
   * Reads the envelope.
   *
   * @param what what the bytes should be, for the error message ("Flight SQL command")
   * @throws FlightInvalidArgumentError when the bytes are not an Any
   */
  static Any unpack(byte[] bytes, String what) {
    try {
      return Any.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new FlightInvalidArgumentError("not a " + what + ": " + bytes.length
          + " bytes that are not a google.protobuf.Any (" + e.getMessage() + ")", e);
    }
  }

  /**
   * The FlightSql.proto message name of the envelope ("CommandStatementQuery"), or null when
   * its type URL names no message of that package.
   */
  static String sqlName(Any any) {
    String url = any.getTypeUrl();
    String full = url.substring(url.lastIndexOf('/') + 1);
    return full.startsWith(PACKAGE) && full.length() > PACKAGE.length()
        ? full.substring(PACKAGE.length()) : null;
  }

  /** Type URLs shown in error messages are cut to this many characters (a peer chooses them). */
  static final int SHOWN_URL_CHARS = 200;

  /** The envelope's type URL for an error message: cut after {@link #SHOWN_URL_CHARS} characters. */
  static String shownUrl(Any any) {
    String url = any.getTypeUrl();
    return url.length() <= SHOWN_URL_CHARS ? url
        : url.substring(0, SHOWN_URL_CHARS) + "... (" + url.length() + " characters)";
  }

  /** Parses the envelope's message, reporting malformed bytes with its type URL. */
  static <T extends MessageLite> T value(Any any, Parser<T> parser) {
    try {
      return parser.parseFrom(any.getValue());
    } catch (InvalidProtocolBufferException e) {
      throw new FlightInvalidArgumentError("malformed Flight SQL message of type URL '"
          + shownUrl(any) + "': " + e.getMessage(), e);
    }
  }

  /**
   * Reads bytes that must hold the one message {@code name}.
   *
   * @throws FlightInvalidArgumentError naming the type URL received when it is another one, or
   *     when the bytes are malformed
   */
  static <T extends MessageLite> T unpackExpected(byte[] bytes, String name, Parser<T> parser) {
    Any any = unpack(bytes, "Flight SQL " + name);
    if (!name.equals(sqlName(any))) {
      throw new FlightInvalidArgumentError("expected a Flight SQL " + name + " (type URL '"
          + TYPE_URL_PREFIX + PACKAGE + name + "'), got type URL '" + shownUrl(any) + "'");
    }
    return value(any, parser);
  }
}
