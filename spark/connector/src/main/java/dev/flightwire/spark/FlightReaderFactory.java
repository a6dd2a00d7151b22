package dev.flightwire.spark;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/** Makes the readers of a scan's partitions on the executors. Reads are columnar. */
final class FlightReaderFactory implements PartitionReaderFactory {
  private static final long serialVersionUID = 1L;

  private final FlightOptions options;
  private final StructType readSchema;

  FlightReaderFactory(FlightOptions options, StructType readSchema) {
    this.options = options;
    this.readSchema = readSchema;
  }

  @Override
  public boolean supportColumnarReads(InputPartition partition) {
    return true;
  }

  @Override
  public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
    return new FlightPartitionReader(options, (FlightPartition) partition, readSchema);
  }

  /** Rows over the columnar reader, for a plan that asks for rows. */
  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    return new RowReader(createColumnarReader(partition));
  }
}
