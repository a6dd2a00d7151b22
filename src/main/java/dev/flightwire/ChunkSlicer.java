package dev.flightwire;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Splits a batch into row slices of bounded size for sending. */
final class ChunkSlicer {
  private ChunkSlicer() {}

  /**
   * The chunks to send for {@code batch} (borrowed): the batch itself when it has at most
   * {@code maxRows} rows, else owned slices that share its buffers (validity bits shift when a
   * slice does not start on a multiple of 8 rows, a small copy). A type Arrow cannot slice is
   * sent whole.
   */
  static List<FlightStreamChunk> slices(VectorSchemaRoot batch, int maxRows) {
    int rows = batch.getRowCount();
    if (rows <= maxRows) {
      return List.of(FlightStreamChunk.of(batch));
    }
    List<FlightStreamChunk> out = new ArrayList<>();
    try {
      for (int start = 0; start < rows; start += maxRows) {
        out.add(FlightStreamChunk.owning(batch.slice(start, Math.min(maxRows, rows - start)), null));
      }
      return out;
    } catch (RuntimeException e) {
      // Arrow's transfer pairs cannot slice some types (unions, run-end encoded): send it whole
      out.forEach(FlightStreamChunk::close);
      return List.of(FlightStreamChunk.of(batch));
    }
  }
}
