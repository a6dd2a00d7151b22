package dev.flightwire.internal.integration;

import static dev.flightwire.internal.integration.IntegrationFailure.check;
import static dev.flightwire.internal.integration.IntegrationFailure.checkEquals;

import dev.flightwire.DoExchangeStreams;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightStreamChunk;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.FlightStreamWriter;
import dev.flightwire.FlightUnimplementedError;
import dev.flightwire.ServerCallContext;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code do_exchange:echo}: DoExchange with command "echo" sends back every chunk as it came
 * (data and/or metadata). The client sends 4 batches of int32 {@code x}, 10 rows each, the even
 * ones with app_metadata "0" and "2", and checks each echo.
 */
final class ExchangeEchoScenario implements Scenario {
  private static final Schema SCHEMA = Batches.int32Schema("x");

  @Override
  public FlightServerBase service(BufferAllocator allocator) {
    return new FlightServerBase() {
      @Override
      public void doExchange(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
          FlightStreamWriter writer) {
        if (!descriptor.isCommand() || !"echo".equals(new String(descriptor.command(), StandardCharsets.UTF_8))) {
          throw new FlightUnimplementedError("unsupported command: " + descriptor);
        }
        boolean begun = false;
        FlightStreamChunk chunk;
        while ((chunk = reader.readChunk()) != null) {
          if (chunk.data() == null) {
            writer.writeMetadata(chunk.appMetadata());
            continue;
          }
          if (!begun) {
            writer.begin(reader.schema(), reader.dictionaries());
            begun = true;
          }
          if (chunk.appMetadata() != null) {
            writer.writeWithMetadata(chunk.data(), chunk.appMetadata());
          } else {
            writer.writeBatch(chunk.data());
          }
        }
      }
    };
  }

  @Override
  public void runClient(BufferAllocator allocator, FlightClient client) {
    try (DoExchangeStreams exchange = client.doExchange(FlightDescriptor.forCommand("echo"))) {
      FlightStreamWriter writer = exchange.writer();
      FlightStreamReader reader = exchange.reader();
      writer.begin(SCHEMA);
      for (int batch = 0; batch < 4; batch++) {
        int[] values = new int[10];
        for (int i = 0; i < values.length; i++) {
          values[i] = batch * 10 + i;
        }
        byte[] metadata = batch % 2 == 0 ? Integer.toString(batch).getBytes(StandardCharsets.UTF_8) : null;
        try (VectorSchemaRoot root = Batches.of(allocator, SCHEMA, values)) {
          if (metadata != null) {
            writer.writeWithMetadata(root, metadata);
          } else {
            writer.writeBatch(root);
          }
        }
        FlightStreamChunk echo = reader.readChunk();
        check(echo != null, "batch " + batch + ": the server ended the exchange instead of echoing");
        check(echo.data() != null, "batch " + batch + ": the echo carried no data");
        checkEquals(Arrays.stream(values).boxed().toList(), Batches.values(echo.data()), "batch " + batch + " values");
        if (metadata == null) {
          check(echo.appMetadata() == null || echo.appMetadata().length == 0,
              "batch " + batch + ": unexpected app_metadata in the echo");
        } else {
          check(echo.appMetadata() != null && Arrays.equals(metadata, echo.appMetadata()),
              "batch " + batch + ": app_metadata expected \"" + batch + "\" but got "
                  + (echo.appMetadata() == null ? "none" : new String(echo.appMetadata(), StandardCharsets.UTF_8)));
        }
      }
      writer.doneWriting();
      check(reader.readChunk() == null, "the server sent more than the echoed batches");
    }
  }

}
