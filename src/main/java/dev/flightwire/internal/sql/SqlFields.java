package dev.flightwire.internal.sql;

import com.google.protobuf.ByteString;
import dev.flightwire.sql.SubstraitPlan;

/** The small conversions the command and action codecs share. */
final class SqlFields {
  private SqlFields() {}

  static ByteString bytes(byte[] b) {
    return ByteString.copyFrom(b);
  }

  /** The bytes of a set optional field, or null for an unset one. */
  static byte[] optional(boolean has, ByteString b) {
    return has ? b.toByteArray() : null;
  }

  /** The text of a set optional field, or null for an unset one. */
  static String optional(boolean has, String s) {
    return has ? s : null;
  }

  /** The constant whose ordinal is the wire value; {@code values[0]} (UNSPECIFIED) when unknown. */
  static <E extends Enum<E>> E enumOf(E[] values, int wire) {
    return wire >= 0 && wire < values.length ? values[wire] : values[0];
  }

  static dev.flightwire.internal.proto.sql.SubstraitPlan toProto(SubstraitPlan plan) {
    return dev.flightwire.internal.proto.sql.SubstraitPlan.newBuilder()
        .setPlan(ByteString.copyFrom(plan.plan()))
        .setVersion(plan.version())
        .build();
  }

  static SubstraitPlan fromProto(dev.flightwire.internal.proto.sql.SubstraitPlan plan) {
    return new SubstraitPlan(plan.getPlan().toByteArray(), plan.getVersion());
  }
}
