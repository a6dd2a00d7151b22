package dev.flightwire.demo;

import dev.flightwire.ChunkedTable;
import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.RecordBatchStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.vector.table.Table;

/**
 * One dataset of the demo store: a built-in table or an upload kept as received, with its row
 * and byte counts computed once. Reference counted: the store holds one reference, each stream
 * sending it another, so a dataset replaced while it is being sent is released when the last
 * stream ends.
 */
final class Dataset {
  private final Table table;
  private final ChunkedTable upload;
  private final long rows;
  private final long bytes;
  private final AtomicInteger refs = new AtomicInteger(1);

  private Dataset(Table table, ChunkedTable upload, long rows, long bytes) {
    this.table = table;
    this.upload = upload;
    this.rows = rows;
    this.bytes = bytes;
  }

  /** Takes ownership of {@code table}. */
  static Dataset of(Table table) {
    FlightInfo info = FlightInfo.forTable(table, FlightDescriptor.forPath("x"), List.of());
    return new Dataset(table, null, info.totalRecords(), info.totalBytes());
  }

  /** Takes ownership of {@code upload}. */
  static Dataset of(ChunkedTable upload) {
    return new Dataset(null, upload, upload.rowCount(), upload.bufferBytes());
  }

  long rows() {
    return rows;
  }

  long bytes() {
    return bytes;
  }

  FlightInfo info(FlightDescriptor descriptor, FlightEndpoint endpoint) {
    return table != null ? FlightInfo.forTable(table, descriptor, List.of(endpoint))
        : FlightInfo.forTable(upload, descriptor, List.of(endpoint));
  }

  /** A stream over the data that holds a reference until it is closed. Call with the store locked. */
  FlightDataStream stream(int maxBatchRows) {
    RecordBatchStream s = table != null ? new RecordBatchStream(table, maxBatchRows)
        : new RecordBatchStream(upload, maxBatchRows);
    refs.incrementAndGet();
    return s.onClose(this::release);
  }

  void release() {
    if (refs.decrementAndGet() == 0) {
      if (table != null) {
        table.close();
      } else {
        upload.close();
      }
    }
  }
}
