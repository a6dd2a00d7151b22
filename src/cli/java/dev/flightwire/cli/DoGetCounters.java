package dev.flightwire.cli;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * What the directory service's DoGet calls have sent since it started, for the action
 * {@code counters}: calls, batches, rows, and bytes (the Arrow body bytes of the batches: the
 * sum of their buffers' sizes, as IPC sends them before padding and compression). A batch counts
 * when it is handed to the server to send. Thread-safe.
 */
final class DoGetCounters {
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  void call() {
    calls.incrementAndGet();
  }

  /** Counts {@code batch} (borrowed: only read). */
  void batch(VectorSchemaRoot batch) {
    batches.incrementAndGet();
    rows.addAndGet(batch.getRowCount());
    bytes.addAndGet(Download.bufferBytes(batch));
  }

  /** {@code {"do_get_calls": n, "do_get_batches": n, "do_get_rows": n, "do_get_bytes": n}}. */
  String json() {
    return Json.write(Json.object("do_get_calls", calls.get(), "do_get_batches", batches.get(),
        "do_get_rows", rows.get(), "do_get_bytes", bytes.get()));
  }
}
