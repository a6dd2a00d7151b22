package dev.flightwire.internal.grpc;

import dev.flightwire.CallHeaders;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts between HTTP/2 header blocks and {@link CallHeaders}. Reserved keys (pseudo-headers,
 * {@code grpc-*}, {@code te}, {@code content-type}) are never user metadata. Binary ({@code -bin})
 * values are sent as unpadded base64 and accepted padded or unpadded, comma-joined values split.
 */
public final class GrpcMetadata {
  private static final Logger LOG = LoggerFactory.getLogger(GrpcMetadata.class);
  private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

  private GrpcMetadata() {}

  /** Whether a key is reserved by HTTP/2 or gRPC and must not be set by users. */
  public static boolean isReserved(CharSequence key) {
    if (key.length() == 0 || key.charAt(0) == ':') {
      return true;
    }
    String k = key.toString();
    return k.startsWith("grpc-") || k.equals("te") || k.equals("content-type") || k.equals("connection")
        || k.equals("host") || k.equals("transfer-encoding") || k.equals("keep-alive")
        || k.equals("upgrade") || k.equals("proxy-connection");
  }

  /**
   * Returns user metadata from a header block. A malformed value (bad base64, non-ASCII text) is
   * skipped rather than failing the call; the rest of the block is still delivered.
   */
  public static CallHeaders fromHttp2(Http2Headers headers) {
    CallHeaders out = new CallHeaders();
    for (Map.Entry<CharSequence, CharSequence> e : headers) {
      CharSequence name = e.getKey();
      if (isReserved(name)) {
        continue;
      }
      String key = name.toString();
      try {
        if (CallHeaders.isBinaryKey(key)) {
          for (String part : e.getValue().toString().split(",", -1)) {
            out.insert(key, decodeBase64(part.trim()));
          }
        } else {
          out.insert(key, e.getValue().toString());
        }
      } catch (IllegalArgumentException bad) {
        // malformed metadata from the peer: not deliverable, not fatal (the value may be a credential: not logged)
        LOG.debug("dropping malformed metadata '{}': {}", key, bad.getMessage());
      }
    }
    return out.readOnly();
  }

  /** Appends user metadata to a header block, skipping reserved keys. */
  public static void toHttp2(CallHeaders headers, Http2Headers out) {
    for (String key : headers.keys()) {
      if (isReserved(key)) {
        continue;
      }
      if (CallHeaders.isBinaryKey(key)) {
        for (byte[] v : headers.getAllBytes(key)) {
          out.add(key, ENCODER.encodeToString(v));
        }
      } else {
        for (String v : headers.getAll(key)) {
          out.add(key, v);
        }
      }
    }
  }

  /** Decodes standard base64, padded or not. */
  public static byte[] decodeBase64(String s) {
    int rem = s.length() % 4;
    if (rem == 2) {
      s = s + "==";
    } else if (rem == 3) {
      s = s + "=";
    }
    return Base64.getDecoder().decode(s);
  }
}
