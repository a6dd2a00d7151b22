package dev.flightwire.peer;

import static dev.flightwire.peer.Checks.check;
import static dev.flightwire.peer.Checks.checkEqual;
import static dev.flightwire.peer.Checks.fail;
import static dev.flightwire.peer.Checks.step;
import static dev.flightwire.peer.Checks.utf8;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightProducer;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code do_exchange:echo}: DoExchange echo.
 *
 * <p>Server: DoExchange with CMD "echo" sends back every message it reads: a batch (with its
 * app_metadata, if any) as a batch, after sending the schema before the first one, and a
 * metadata-only message as a metadata-only message. Arrow Java's FlightStream does not tell a
 * metadata-only message from a batch of 0 rows, so a 0-row message with app_metadata is echoed as
 * metadata-only. Another descriptor fails with UNIMPLEMENTED.
 *
 * <p>Client: sends the schema {@code x: int32 not null}, then 4 batches of 10 rows (batch b holds
 * b..b+9); batches 0 and 2 carry app_metadata "0" and "2". After each batch one message must come
 * back: the same schema, the same rows, the same app_metadata, and no app_metadata when none was
 * sent. After the client half-closes, the server must end the stream with nothing more.
 */
final class DoExchangeEchoScenario implements IntegrationScenario {
  static final Schema SCHEMA =
      new Schema(List.of(Field.notNullable("x", new ArrowType.Int(32, true))));

  @Override
  public FlightProducer producer(BufferAllocator allocator, Supplier<Location> self) {
    return new NoOpFlightProducer() {
      @Override
      public void doExchange(CallContext context, FlightStream reader, ServerStreamListener writer) {
        FlightDescriptor d = reader.getDescriptor();
        if (!d.isCommand() || !Arrays.equals(d.getCommand(), utf8("echo"))) {
          writer.error(CallStatus.UNIMPLEMENTED
              .withDescription("Unsupported descriptor: " + d).toRuntimeException());
          return;
        }
        echo(allocator, reader, writer);
      }
    };
  }

  private static void echo(
      BufferAllocator allocator, FlightStream reader, FlightProducer.ServerStreamListener writer) {
    VectorSchemaRoot out = null;
    try {
      while (reader.next()) {
        ArrowBuf md = reader.getLatestMetadata();
        boolean batch = reader.hasRoot() && !(reader.getRoot().getRowCount() == 0 && md != null);
        if (!batch) {
          if (md != null) {
            writer.putMetadata(copy(md, allocator));
          }
          continue;
        }
        if (out == null) {
          out = VectorSchemaRoot.create(reader.getRoot().getSchema(), allocator);
          writer.start(out, reader.getDictionaryProvider());
        }
        try (ArrowRecordBatch b = new VectorUnloader(reader.getRoot()).getRecordBatch()) {
          new VectorLoader(out).load(b);
        }
        if (md != null) {
          writer.putNext(copy(md, allocator));
        } else {
          writer.putNext();
        }
      }
      writer.completed();
    } catch (RuntimeException e) {
      writer.error(e);
    } finally {
      if (out != null) {
        out.close();
      }
    }
  }

  /** A copy the writer may own (it releases what it is given). */
  private static ArrowBuf copy(ArrowBuf md, BufferAllocator allocator) {
    ArrowBuf c = allocator.buffer(md.readableBytes());
    c.setBytes(0, md, md.readerIndex(), md.readableBytes());
    c.writerIndex(md.readableBytes());
    return c;
  }

  @Override
  public void runClient(BufferAllocator allocator, Location server, FlightClient client)
      throws Exception {
    step("DoExchange(CMD \"echo\")");
    try (FlightClient.ExchangeReaderWriter exchange =
            client.doExchange(FlightDescriptor.command(utf8("echo")));
        VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
      FlightStream reader = exchange.getReader();
      IntVector x = (IntVector) root.getVector(0);
      exchange.getWriter().start(root);
      for (int b = 0; b < 4; b++) {
        x.allocateNew(10);
        for (int r = 0; r < 10; r++) {
          x.set(r, b + r);
        }
        root.setRowCount(10);
        String sent = b % 2 == 0 ? Integer.toString(b) : null;
        String what = "echo of batch " + b + (sent == null ? " (no app_metadata)"
            : " (app_metadata \"" + sent + "\")");
        step("DoExchange: writing batch " + b);
        if (sent != null) {
          byte[] raw = utf8(sent);
          ArrowBuf md = allocator.buffer(raw.length);
          md.writeBytes(raw);
          exchange.getWriter().putNext(md);
        } else {
          exchange.getWriter().putNext();
        }
        step("DoExchange: reading the " + what);
        check(reader.next(), what + ": the server ended the stream instead");
        ArrowBuf got = reader.getLatestMetadata();
        String gotMd = got == null ? null : readString(got);
        checkEqual(what + ": app_metadata", sent, gotMd);
        check(reader.hasRoot(), what + ": a metadata-only message came back, expected a batch");
        checkEqual(what + ": schema", SCHEMA, reader.getSchema());
        VectorSchemaRoot echoed = reader.getRoot();
        checkEqual(what + ": row count", 10, echoed.getRowCount());
        int diff = TableCompare.firstDifferentRow(x, echoed.getVector(0), 0, 0, 10);
        if (diff >= 0) {
          throw fail(what + ": x differs at row " + diff + ": sent " + x.getObject(diff)
              + ", got " + echoed.getVector(0).getObject(diff));
        }
      }
      step("DoExchange: half-close, then read the end of the stream");
      exchange.getWriter().completed();
      if (reader.next()) {
        throw fail("after the client half-closed, the server sent one more message ("
            + (reader.hasRoot() ? reader.getRoot().getRowCount() + " rows" : "no batch")
            + "), expected the end of the stream");
      }
    }
  }

  private static String readString(ArrowBuf b) {
    byte[] raw = new byte[(int) b.readableBytes()];
    b.getBytes(b.readerIndex(), raw);
    return utf8(raw);
  }
}
