package dev.flightwire.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.flightwire.CallHeaders;
import dev.flightwire.internal.grpc.GrpcMetadata;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcTimeout;
import dev.flightwire.internal.grpc.StatusMessageCodec;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.util.AsciiString;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Header values as a peer sends them: {@code grpc-timeout}, {@code grpc-status},
 * {@code grpc-message} and user metadata. The rules checked:
 * <ul>
 *   <li>{@code GrpcTimeout.parseNanos} accepts exactly 1-8 digits and a unit, returns the value a
 *       reference computation gives (saturated at Long.MAX_VALUE), and refuses everything else
 *       with IllegalArgumentException, its documented error; {@code format} never rounds to zero
 *       and parses back to at most the formatted duration;
 *   <li>{@code GrpcStatusCode.parse} and {@code StatusMessageCodec.decode} never throw, and
 *       decoding an encoded well-formed message gives it back;
 *   <li>{@code GrpcMetadata.fromHttp2} never throws on any header block Netty's validating decoder
 *       lets through, and delivers only non-reserved keys with printable ASCII or base64-decoded
 *       values.
 * </ul>
 */
class GrpcHeadersFuzzTest {
  private static final char[] UNITS = {'H', 'M', 'S', 'm', 'u', 'n'};

  @FuzzTest
  void headers(FuzzedDataProvider data) {
    switch (data.consumeInt(0, 3)) {
      case 0:
        timeout(data.consumeRemainingAsString());
        break;
      case 1:
        formattedTimeout(data.consumeLong());
        break;
      case 2:
        statusAndMessage(data.consumeString(8), data.consumeRemainingAsString());
        break;
      default:
        metadata(data);
    }
  }

  private static void timeout(String value) {
    BigInteger expected = referenceNanos(value);
    if (expected == null) {
      assertThrows(IllegalArgumentException.class, () -> GrpcTimeout.parseNanos(value), value);
      return;
    }
    long got = GrpcTimeout.parseNanos(value);
    assertEquals(expected.min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact(), got, value);
  }

  private static BigInteger referenceNanos(String v) {
    if (v.length() < 2 || v.length() > 9) {
      return null;
    }
    String digits = v.substring(0, v.length() - 1);
    if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    BigInteger amount = new BigInteger(digits);
    switch (v.charAt(v.length() - 1)) {
      case 'H': return amount.multiply(BigInteger.valueOf(3_600_000_000_000L));
      case 'M': return amount.multiply(BigInteger.valueOf(60_000_000_000L));
      case 'S': return amount.multiply(BigInteger.valueOf(1_000_000_000L));
      case 'm': return amount.multiply(BigInteger.valueOf(1_000_000L));
      case 'u': return amount.multiply(BigInteger.valueOf(1_000L));
      case 'n': return amount;
      default: return null;
    }
  }

  private static void formattedTimeout(long nanos) {
    String text = GrpcTimeout.format(nanos);
    assertTrue(text.length() >= 2 && text.length() <= 9, text);
    assertTrue(new String(UNITS).indexOf(text.charAt(text.length() - 1)) >= 0, text);
    long back = GrpcTimeout.parseNanos(text);
    assertTrue(back > 0, "never rounds to zero: " + text);
    if (nanos > 0) {
      assertTrue(back <= nanos, text + " is longer than " + nanos + " ns");
    }
  }

  private static void statusAndMessage(String status, String message) {
    assertNotNull(GrpcStatusCode.parse(status));
    // the header arrives as one char per octet
    String asHeader = new String(message.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    assertNotNull(StatusMessageCodec.decode(asHeader));
    assertNotNull(StatusMessageCodec.decode(message));
    String wellFormed = new String(message.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    String encoded = StatusMessageCodec.encode(wellFormed);
    assertTrue(encoded.chars().allMatch(c -> c >= 0x20 && c <= 0x7E), "encoded is printable ASCII");
    assertEquals(wellFormed, StatusMessageCodec.decode(encoded));
  }

  private static void metadata(FuzzedDataProvider data) {
    Http2Headers headers = new DefaultHttp2Headers(true);
    int n = data.consumeInt(0, 8);
    for (int i = 0; i < n; i++) {
      String name = data.pickValue(new String[] {"x-a", "x-a-bin", "grpc-status", "Grpc-Status", "te", ":path",
          "GRPC-MESSAGE", "content-type", "x-A-BIN", "auth-token-bin", ""})
          + (data.consumeBoolean() ? data.consumeString(6) : "");
      byte[] value = data.consumeBytes(40);
      try {
        headers.add(new AsciiString(name), new AsciiString(value));
      } catch (Exception notAHeader) { // Netty throws its checked Http2Exception unchecked
        // Netty's validating HPACK decoder refuses this name: no peer can deliver it
      }
    }
    CallHeaders out = GrpcMetadata.fromHttp2(headers);
    for (String key : out.keys()) {
      assertFalse(GrpcMetadata.isReserved(key), "reserved key delivered as metadata: " + key);
      assertEquals(key.toLowerCase(java.util.Locale.ROOT), key);
      if (!CallHeaders.isBinaryKey(key)) {
        for (String v : out.getAll(key)) {
          assertTrue(v.chars().allMatch(c -> c >= 0x20 && c <= 0x7E), key + " has a non-printable value");
        }
      }
    }
    assertThrows(UnsupportedOperationException.class, () -> out.insert("x-new", "v"), "read-only");
  }
}
