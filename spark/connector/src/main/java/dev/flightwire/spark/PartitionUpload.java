package dev.flightwire.spark;

import dev.flightwire.DoPutStreams;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightUnauthenticatedError;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.Location;
import java.util.Iterator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.arrow.ArrowWriter;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.ArrowUtils;

/**
 * One task of a write: the partition's rows as Arrow batches in one DoPut into the job's staging
 * area ({@link WriteProtocol}). The upload is committed by the server only when the whole
 * partition was sent ({@code doneWriting}); a failure or a kill of the task before that cancels
 * the call, and the server stores nothing of it.
 */
final class PartitionUpload {
  /** A batch is sent at this many rows, or earlier at {@link #BATCH_BYTES}. */
  static final int BATCH_ROWS = 65_536;
  static final long BATCH_BYTES = 16L << 20;

  private PartitionUpload() {}

  /**
   * Uploads {@code rows}.
   *
   * @return the staged file's name, for the driver's commit
   */
  static String run(FlightOptions options, String job, int partition, StructType schema, String timeZone,
      Iterator<InternalRow> rows) {
    TaskContext task = TaskContext.get();
    // the task attempt's id is unique within the application (attempt numbers restart with a stage)
    String name = WriteProtocol.stagedName(job, partition, task == null ? 0 : task.taskAttemptId());
    Schema arrow = ArrowUtils.toArrowSchema(schema, timeZone, true, false);
    FlightDescriptor staged = WriteProtocol.stagedDescriptor(job, name);
    Location service = Location.parse(options.location);
    FlightClient client = FlightClients.get(options, service);
    try (BufferAllocator allocator = new RootAllocator();
         VectorSchemaRoot root = VectorSchemaRoot.create(arrow, allocator);
         DoPutStreams put = client.doPut(staged, arrow)) {
      ArrowWriter writer = ArrowWriter.create(root);
      int n = 0;
      while (rows.hasNext()) {
        writer.write(rows.next());
        n++;
        if (n >= BATCH_ROWS || (n % 1024 == 0 && writer.sizeInBytes() >= BATCH_BYTES)) {
          writer.finish();
          put.writer().writeBatch(root); // returns once sent: the root may be refilled
          writer.reset();
          n = 0;
        }
      }
      if (n > 0) {
        writer.finish();
        put.writer().writeBatch(root);
        writer.reset();
      }
      put.complete();
    } catch (FlightUnauthenticatedError e) {
      // the rows cannot be read twice: Spark runs the task again, and that attempt logs in afresh
      FlightClients.retire(options, service, client);
      throw e;
    }
    return name;
  }
}
