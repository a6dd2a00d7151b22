package dev.flightwire.internal.sql;

import static dev.flightwire.internal.sql.SqlFields.bytes;
import static dev.flightwire.internal.sql.SqlFields.enumOf;
import static dev.flightwire.internal.sql.SqlFields.optional;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.internal.convert.Protos;
import dev.flightwire.internal.proto.sql.ActionBeginSavepointRequest;
import dev.flightwire.internal.proto.sql.ActionBeginSavepointResult;
import dev.flightwire.internal.proto.sql.ActionBeginTransactionRequest;
import dev.flightwire.internal.proto.sql.ActionBeginTransactionResult;
import dev.flightwire.internal.proto.sql.ActionCancelQueryRequest;
import dev.flightwire.internal.proto.sql.ActionCancelQueryResult;
import dev.flightwire.internal.proto.sql.ActionClosePreparedStatementRequest;
import dev.flightwire.internal.proto.sql.ActionCreatePreparedStatementRequest;
import dev.flightwire.internal.proto.sql.ActionCreatePreparedStatementResult;
import dev.flightwire.internal.proto.sql.ActionCreatePreparedSubstraitPlanRequest;
import dev.flightwire.internal.proto.sql.ActionEndSavepointRequest;
import dev.flightwire.internal.proto.sql.ActionEndTransactionRequest;
import dev.flightwire.sql.BeginSavepointRequest;
import dev.flightwire.sql.BeginSavepointResult;
import dev.flightwire.sql.BeginTransactionRequest;
import dev.flightwire.sql.BeginTransactionResult;
import dev.flightwire.sql.CancelQueryRequest;
import dev.flightwire.sql.CancelQueryResult;
import dev.flightwire.sql.CancelResult;
import dev.flightwire.sql.ClosePreparedStatementRequest;
import dev.flightwire.sql.CreatePreparedStatementRequest;
import dev.flightwire.sql.CreatePreparedStatementResult;
import dev.flightwire.sql.CreatePreparedSubstraitPlanRequest;
import dev.flightwire.sql.EndSavepoint;
import dev.flightwire.sql.EndSavepointRequest;
import dev.flightwire.sql.EndTransaction;
import dev.flightwire.sql.EndTransactionRequest;
import dev.flightwire.sql.FlightSqlActions;

/**
 * The bodies and results of the Flight SQL actions, and the DoPut results, to and from their
 * Any-wrapped protobuf bytes. Each parse accepts only its own message and otherwise throws
 * {@code FlightInvalidArgumentError} naming the type URL received.
 */
@SuppressWarnings("deprecation") // ActionCancelQueryRequest/Result: deprecated by the protocol, still spoken
public final class SqlActionMessages {
  private SqlActionMessages() {}

  /** The Any-wrapped {@code ActionCreatePreparedStatementRequest}. */
  public static byte[] encode(CreatePreparedStatementRequest r) {
    ActionCreatePreparedStatementRequest.Builder b =
        ActionCreatePreparedStatementRequest.newBuilder().setQuery(r.query());
    byte[] tx = r.transactionId();
    if (tx != null) {
      b.setTransactionId(bytes(tx));
    }
    return AnyCodec.pack("ActionCreatePreparedStatementRequest", b.build());
  }

  /** Reads an Any-wrapped {@code ActionCreatePreparedStatementRequest}. */
  public static CreatePreparedStatementRequest parseCreatePreparedStatementRequest(byte[] bytes) {
    ActionCreatePreparedStatementRequest p = AnyCodec.unpackExpected(bytes,
        "ActionCreatePreparedStatementRequest", ActionCreatePreparedStatementRequest.parser());
    return new CreatePreparedStatementRequest(p.getQuery(), optional(p.hasTransactionId(), p.getTransactionId()));
  }

  /** The Any-wrapped {@code ActionCreatePreparedSubstraitPlanRequest}. */
  public static byte[] encode(CreatePreparedSubstraitPlanRequest r) {
    ActionCreatePreparedSubstraitPlanRequest.Builder b =
        ActionCreatePreparedSubstraitPlanRequest.newBuilder().setPlan(SqlFields.toProto(r.plan()));
    byte[] tx = r.transactionId();
    if (tx != null) {
      b.setTransactionId(bytes(tx));
    }
    return AnyCodec.pack("ActionCreatePreparedSubstraitPlanRequest", b.build());
  }

  /** Reads an Any-wrapped {@code ActionCreatePreparedSubstraitPlanRequest}. */
  public static CreatePreparedSubstraitPlanRequest parseCreatePreparedSubstraitPlanRequest(byte[] bytes) {
    ActionCreatePreparedSubstraitPlanRequest p = AnyCodec.unpackExpected(bytes,
        "ActionCreatePreparedSubstraitPlanRequest", ActionCreatePreparedSubstraitPlanRequest.parser());
    return new CreatePreparedSubstraitPlanRequest(SqlFields.fromProto(p.getPlan()),
        optional(p.hasTransactionId(), p.getTransactionId()));
  }

  /** The Any-wrapped {@code ActionCreatePreparedStatementResult}. */
  public static byte[] encode(CreatePreparedStatementResult r) {
    return AnyCodec.pack("ActionCreatePreparedStatementResult", ActionCreatePreparedStatementResult.newBuilder()
        .setPreparedStatementHandle(bytes(r.preparedStatementHandle()))
        .setDatasetSchema(bytes(r.datasetSchema()))
        .setParameterSchema(bytes(r.parameterSchema()))
        .build());
  }

  /** Reads an Any-wrapped {@code ActionCreatePreparedStatementResult}. */
  public static CreatePreparedStatementResult parseCreatePreparedStatementResult(byte[] bytes) {
    ActionCreatePreparedStatementResult p = AnyCodec.unpackExpected(bytes,
        "ActionCreatePreparedStatementResult", ActionCreatePreparedStatementResult.parser());
    return new CreatePreparedStatementResult(p.getPreparedStatementHandle().toByteArray(),
        p.getDatasetSchema().toByteArray(), p.getParameterSchema().toByteArray());
  }

  /** The Any-wrapped {@code ActionClosePreparedStatementRequest}. */
  public static byte[] encode(ClosePreparedStatementRequest r) {
    return AnyCodec.pack("ActionClosePreparedStatementRequest", ActionClosePreparedStatementRequest.newBuilder()
        .setPreparedStatementHandle(bytes(r.preparedStatementHandle())).build());
  }

  /** Reads an Any-wrapped {@code ActionClosePreparedStatementRequest}. */
  public static ClosePreparedStatementRequest parseClosePreparedStatementRequest(byte[] bytes) {
    return new ClosePreparedStatementRequest(AnyCodec.unpackExpected(bytes, "ActionClosePreparedStatementRequest",
        ActionClosePreparedStatementRequest.parser()).getPreparedStatementHandle().toByteArray());
  }

  /** The Any-wrapped {@code ActionBeginTransactionRequest}. */
  public static byte[] encode(BeginTransactionRequest r) {
    return AnyCodec.pack("ActionBeginTransactionRequest", ActionBeginTransactionRequest.getDefaultInstance());
  }

  /** Reads an Any-wrapped {@code ActionBeginTransactionRequest}. */
  public static BeginTransactionRequest parseBeginTransactionRequest(byte[] bytes) {
    AnyCodec.unpackExpected(bytes, "ActionBeginTransactionRequest", ActionBeginTransactionRequest.parser());
    return new BeginTransactionRequest();
  }

  /** The Any-wrapped {@code ActionBeginTransactionResult}. */
  public static byte[] encode(BeginTransactionResult r) {
    return AnyCodec.pack("ActionBeginTransactionResult", ActionBeginTransactionResult.newBuilder()
        .setTransactionId(bytes(r.transactionId())).build());
  }

  /** Reads an Any-wrapped {@code ActionBeginTransactionResult}. */
  public static BeginTransactionResult parseBeginTransactionResult(byte[] bytes) {
    return new BeginTransactionResult(AnyCodec.unpackExpected(bytes, "ActionBeginTransactionResult",
        ActionBeginTransactionResult.parser()).getTransactionId().toByteArray());
  }

  /** The Any-wrapped {@code ActionBeginSavepointRequest}. */
  public static byte[] encode(BeginSavepointRequest r) {
    return AnyCodec.pack("ActionBeginSavepointRequest", ActionBeginSavepointRequest.newBuilder()
        .setTransactionId(bytes(r.transactionId())).setName(r.name()).build());
  }

  /** Reads an Any-wrapped {@code ActionBeginSavepointRequest}. */
  public static BeginSavepointRequest parseBeginSavepointRequest(byte[] bytes) {
    ActionBeginSavepointRequest p = AnyCodec.unpackExpected(bytes, "ActionBeginSavepointRequest",
        ActionBeginSavepointRequest.parser());
    return new BeginSavepointRequest(p.getTransactionId().toByteArray(), p.getName());
  }

  /** The Any-wrapped {@code ActionBeginSavepointResult}. */
  public static byte[] encode(BeginSavepointResult r) {
    return AnyCodec.pack("ActionBeginSavepointResult", ActionBeginSavepointResult.newBuilder()
        .setSavepointId(bytes(r.savepointId())).build());
  }

  /** Reads an Any-wrapped {@code ActionBeginSavepointResult}. */
  public static BeginSavepointResult parseBeginSavepointResult(byte[] bytes) {
    return new BeginSavepointResult(AnyCodec.unpackExpected(bytes, "ActionBeginSavepointResult",
        ActionBeginSavepointResult.parser()).getSavepointId().toByteArray());
  }

  /** The Any-wrapped {@code ActionEndTransactionRequest}. */
  public static byte[] encode(EndTransactionRequest r) {
    return AnyCodec.pack("ActionEndTransactionRequest", ActionEndTransactionRequest.newBuilder()
        .setTransactionId(bytes(r.transactionId())).setActionValue(r.action().ordinal()).build());
  }

  /** Reads an Any-wrapped {@code ActionEndTransactionRequest}; an unknown action reads as UNSPECIFIED. */
  public static EndTransactionRequest parseEndTransactionRequest(byte[] bytes) {
    ActionEndTransactionRequest p = AnyCodec.unpackExpected(bytes, "ActionEndTransactionRequest",
        ActionEndTransactionRequest.parser());
    return new EndTransactionRequest(p.getTransactionId().toByteArray(),
        enumOf(EndTransaction.values(), p.getActionValue()));
  }

  /** The Any-wrapped {@code ActionEndSavepointRequest}. */
  public static byte[] encode(EndSavepointRequest r) {
    return AnyCodec.pack("ActionEndSavepointRequest", ActionEndSavepointRequest.newBuilder()
        .setSavepointId(bytes(r.savepointId())).setActionValue(r.action().ordinal()).build());
  }

  /** Reads an Any-wrapped {@code ActionEndSavepointRequest}; an unknown action reads as UNSPECIFIED. */
  public static EndSavepointRequest parseEndSavepointRequest(byte[] bytes) {
    ActionEndSavepointRequest p = AnyCodec.unpackExpected(bytes, "ActionEndSavepointRequest",
        ActionEndSavepointRequest.parser());
    return new EndSavepointRequest(p.getSavepointId().toByteArray(),
        enumOf(EndSavepoint.values(), p.getActionValue()));
  }

  /** The Any-wrapped {@code ActionCancelQueryRequest}. */
  public static byte[] encode(CancelQueryRequest r) {
    return AnyCodec.pack("ActionCancelQueryRequest", ActionCancelQueryRequest.newBuilder()
        .setInfo(bytes(r.info())).build());
  }

  /** Reads an Any-wrapped {@code ActionCancelQueryRequest}. */
  public static CancelQueryRequest parseCancelQueryRequest(byte[] bytes) {
    return new CancelQueryRequest(AnyCodec.unpackExpected(bytes, "ActionCancelQueryRequest",
        ActionCancelQueryRequest.parser()).getInfo().toByteArray());
  }

  /**
   * The FlightInfo a {@code ActionCancelQueryRequest} carries, decoded.
   *
   * @throws FlightInvalidArgumentError when its bytes are not a well-formed FlightInfo
   */
  public static FlightInfo flightInfoOf(CancelQueryRequest r) {
    try {
      return Protos.fromProto(dev.flightwire.internal.proto.FlightInfo.parseFrom(r.info()));
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new FlightInvalidArgumentError("the FlightInfo in " + FlightSqlActions.CANCEL_QUERY
          + " is malformed: " + e.getMessage(), e);
    }
  }

  /** The Any-wrapped {@code ActionCancelQueryResult}. */
  public static byte[] encode(CancelQueryResult r) {
    return AnyCodec.pack("ActionCancelQueryResult", ActionCancelQueryResult.newBuilder()
        .setResultValue(r.result().ordinal()).build());
  }

  /** Reads an Any-wrapped {@code ActionCancelQueryResult}; an unknown result reads as UNSPECIFIED. */
  public static CancelQueryResult parseCancelQueryResult(byte[] bytes) {
    return new CancelQueryResult(enumOf(CancelResult.values(), AnyCodec.unpackExpected(bytes,
        "ActionCancelQueryResult", ActionCancelQueryResult.parser()).getResultValue()));
  }
}
