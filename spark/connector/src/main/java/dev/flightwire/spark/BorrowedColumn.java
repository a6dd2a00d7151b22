package dev.flightwire.spark;

import org.apache.arrow.vector.ValueVector;
import org.apache.spark.sql.vectorized.ArrowColumnVector;

/**
 * A column of a batch that borrows the stream's vector: Spark may close a batch after reading it
 * ({@code closeIfFreeable}), which on a plain {@link ArrowColumnVector} would close the vector
 * itself, and a struct vector would lose its children for the next batch. The stream's reader
 * owns and closes the vectors.
 */
final class BorrowedColumn extends ArrowColumnVector {
  BorrowedColumn(ValueVector vector) {
    super(vector);
  }

  @Override
  public void close() {
    // borrowed: the reader closes the vector
  }

  @Override
  public void closeIfFreeable() {
    // borrowed: the reader closes the vector
  }
}
