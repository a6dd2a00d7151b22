package dev.flightwire.examples;

import dev.flightwire.Action;
import dev.flightwire.DoPutStreams;
import dev.flightwire.ChunkedTable;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.Result;
import dev.flightwire.ResultStream;
import java.io.PrintStream;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The seed's "Basic Client Usage" in Java: list flights, read one, upload a table, run an action.
 * Run it against the demo service: {@code java -jar target/flightwire.jar serve}.
 */
public final class BasicClientExample {
  private BasicClientExample() {}

  public static void main(String[] args) {
    run(args.length > 0 ? args[0] : "grpc://localhost:8815", System.out);
  }

  static void run(String location, PrintStream out) {
    try (FlightClient client = FlightClient.connect(location)) {
      // List available flights
      for (FlightInfo info : client.listFlights()) {
        out.println("Flight: " + info.descriptor());
        out.println(" Records: " + info.totalRecords());
        out.println(" Bytes: " + info.totalBytes());
        out.println(" Schema: " + info.schema());
      }

      // Get specific flight info
      FlightDescriptor descriptor = FlightDescriptor.forPath("dataset", "sales");
      FlightInfo info = client.getFlightInfo(descriptor);
      out.println("Flight info: " + info);

      // Get data
      for (FlightEndpoint endpoint : info.endpoints()) {
        try (FlightStreamReader reader = client.doGet(endpoint.ticket());
             ChunkedTable table = reader.readChunked()) { // the batches as sent, nothing copied
          out.println("Retrieved table: " + table.rowCount() + " rows, "
              + table.schema().getFields().size() + " columns");
        }
      }

      // Upload data
      FlightDescriptor upload = FlightDescriptor.forPath("uploads", "new_data");
      try (BufferAllocator allocator = new RootAllocator();
           BigIntVector id = new BigIntVector("id", allocator);
           Float8Vector value = new Float8Vector("value", allocator)) {
        long[] ids = {1, 2, 3, 4, 5};
        double[] values = {10.5, 20.3, 30.1, 40.7, 50.2};
        id.allocateNew(ids.length);
        value.allocateNew(values.length);
        for (int i = 0; i < ids.length; i++) {
          id.set(i, ids[i]);
          value.set(i, values[i]);
        }
        VectorSchemaRoot batch = new VectorSchemaRoot(List.of(id, value));
        batch.setRowCount(ids.length);
        try (DoPutStreams put = client.doPut(upload, batch.getSchema())) {
          put.writer().writeBatch(batch);   // returns once sent: the vectors may be reused
          put.complete();                   // ends the upload and waits for the server
        }                                   // closing without complete() would cancel it
      }

      // Execute action
      try (ResultStream<Result> results = client.doAction(new Action("list_tables"))) {
        for (Result result : results) {
          out.println("Action result: " + result.bodyAsString());
        }
      }
    }
  }
}
