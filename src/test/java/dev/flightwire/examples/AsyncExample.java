package dev.flightwire.examples;

import dev.flightwire.FlightCallOptions;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightStreamChunk;
import dev.flightwire.Ticket;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** The README's asynchronous API, against the demo service: no call below blocks a thread. */
public final class AsyncExample {
  private AsyncExample() {}

  /** What {@link #run} saw. */
  public record Outcome(long salesRecords, long rowsRead, long rowsUploaded) {}

  /**
   * Asks for the info of {@code dataset/sales}, reads its stream through a subscriber, and
   * uploads {@code batchCount} batches of 1,000 rows under {@code uploads/async}.
   */
  public static Outcome run(String uri, BufferAllocator allocator, int batchCount) throws Exception {
    try (FlightClient client = FlightClient.connect(uri)) {
      CompletableFuture<Void> printed =
          // unary calls: a CompletableFuture, completed on the client's callback threads
          client.getFlightInfoAsync(FlightDescriptor.forPath("dataset", "sales"))
              .thenAccept(info -> System.out.println(info.totalRecords()));
      CompletableFuture<Long> records = client.getFlightInfoAsync(FlightDescriptor.forPath("dataset", "sales"))
          .thenApply(info -> info.totalRecords());

      Ticket ticket = new Ticket("dataset/sales".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      AtomicLong rows = new AtomicLong();
      CompletableFuture<Void> done = new CompletableFuture<>();
      // DoGet: a java.util.concurrent.Flow.Publisher; demand is the flow control
      client.doGetAsync(ticket).subscribe(new Flow.Subscriber<FlightStreamChunk>() {
        Flow.Subscription s;
        public void onSubscribe(Flow.Subscription s) { this.s = s; s.request(1); }
        public void onNext(FlightStreamChunk chunk) {
          try (chunk) { use(chunk.data()); }          // each chunk is yours: close it
          s.request(1);
        }
        public void onError(Throwable t) { done.completeExceptionally(t); }
        public void onComplete() { done.complete(null); }

        private void use(VectorSchemaRoot batch) {
          rows.addAndGet(batch.getRowCount());
        }
      });

      Schema schema = new Schema(List.of(Field.nullable("n", new ArrowType.Int(64, true))));
      FlightDescriptor descriptor = FlightDescriptor.forPath("uploads", "async");
      List<VectorSchemaRoot> toSend = new ArrayList<>();
      for (int b = 0; b < batchCount; b++) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        BigIntVector n = (BigIntVector) root.getVector(0);
        n.allocateNew(1000);
        for (int i = 0; i < 1000; i++) {
          n.set(i, b * 1000L + i);
        }
        root.setRowCount(1000);
        toSend.add(root);
      }
      Iterator<VectorSchemaRoot> batches = toSend.iterator();
      try {
        CompletableFuture<Void> uploaded =
            // DoPut: a writer that never blocks; write while isReady(), continue in onReady
            client.doPutAsync(descriptor, schema, FlightCallOptions.DEFAULT, ack -> { }).thenCompose(put -> {
              put.writer().onReady(() -> {
                while (put.writer().isReady() && batches.hasNext()) {
                  put.writer().writeBatchAsync(batches.next());   // no copy: keep the batch until its future completes
                }
                if (!batches.hasNext()) put.writer().doneWriting();
              });
              return put.result();                                  // completes when the server has finished the call
            });
        CompletableFuture.allOf(printed, records, done, uploaded).get(30, TimeUnit.SECONDS);
      } finally {
        toSend.forEach(VectorSchemaRoot::close);
      }
      long uploadedRows = client.getFlightInfo(descriptor).totalRecords();
      return new Outcome(records.join(), rows.get(), uploadedRows);
    }
  }
}
