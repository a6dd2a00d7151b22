package dev.flightwire.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.sources.BaseRelation;
import org.apache.spark.sql.types.StructType;

/**
 * {@code df.write.format("flight")}, run on the driver: checks the save mode against the flight's
 * existence, runs one upload task per partition ({@link PartitionUpload}), then commits the
 * uploaded files in one action, or aborts the job so nothing of it remains
 * ({@link WriteProtocol}).
 *
 * <p>Save modes: {@code append} adds the files to the dataset; {@code overwrite} replaces what
 * the dataset held; {@code errorifexists} (Spark's default) fails before any upload when the flight
 * exists, and the commit fails if it appeared meanwhile; {@code ignore} writes nothing when it
 * exists.
 */
final class FlightWrite {
  private FlightWrite() {}

  static BaseRelation run(SQLContext context, SaveMode mode, Map<String, String> parameters, Dataset<Row> data) {
    FlightOptions options = FlightOptions.parse(parameters);
    if (options.path == null) {
      throw new IllegalArgumentException("flight: writing needs the option path (the dataset to write)");
    }
    StructType schema = data.schema();
    BaseRelation relation = new WrittenRelation(context, schema);
    String commitMode;
    switch (mode) {
      case Append -> commitMode = "append";
      case Overwrite -> commitMode = "overwrite";
      case ErrorIfExists -> {
        if (WriteProtocol.exists(options)) {
          throw new IllegalStateException("flight: " + String.join("/", options.path) + " already exists at "
              + options.location + " (save mode errorifexists; use append or overwrite)");
        }
        commitMode = "create";
      }
      case Ignore -> {
        if (WriteProtocol.exists(options)) {
          return relation;
        }
        commitMode = "create";
      }
      default -> throw new IllegalArgumentException("flight: save mode " + mode + " is not supported");
    }
    String job = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    String timeZone = data.sparkSession().conf().get("spark.sql.session.timeZone");
    JavaRDD<InternalRow> rows = data.queryExecution().toRdd().toJavaRDD();
    try {
      List<String> files = new ArrayList<>(rows.mapPartitionsWithIndex(
          (partition, it) -> List.of(PartitionUpload.run(options, job, partition, schema, timeZone, it)).iterator(),
          false).collect());
      WriteProtocol.commit(options, job, commitMode, files);
    } catch (RuntimeException e) {
      WriteProtocol.abort(options, job, e);
      throw e;
    }
    return relation;
  }

  /** What Spark's V1 write API wants back: the written data's schema. */
  private static final class WrittenRelation extends BaseRelation {
    private final SQLContext context;
    private final StructType schema;

    WrittenRelation(SQLContext context, StructType schema) {
      this.context = context;
      this.schema = schema;
    }

    @Override
    public SQLContext sqlContext() {
      return context;
    }

    @Override
    public StructType schema() {
      return schema;
    }
  }
}
