package dev.flightwire.spark;

import dev.flightwire.FlightError;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkJobInfo;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.SparkStatusTracker;
import scala.Option;
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
 * ({@link WriteProtocol}). When the commit gets no answer (the connection broke, a deadline), the
 * job is not aborted, since the server may have committed it; the error says so.
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
    List<String> files;
    SparkContext spark = data.sparkSession().sparkContext();
    String tag = "flightwire-write-" + job;
    spark.addJobTag(tag);
    try {
      files = new ArrayList<>(rows.mapPartitionsWithIndex(
          (partition, it) -> List.of(PartitionUpload.run(options, job, partition, schema, timeZone, it)).iterator(),
          false).collect());
    } catch (Exception e) { // Spark's SparkException is a checked exception Scala throws unchecked
      awaitTasks(spark, tag);
      WriteProtocol.abort(options, job, e);
      throw e;
    } finally {
      spark.removeJobTag(tag);
    }
    try {
      WriteProtocol.commit(options, job, commitMode, files);
    } catch (FlightError e) {
      if (outcomeUnknown(e)) {
        throw new IllegalStateException("flight: the commit of write job " + job + " to " + String.join("/", options.path)
            + " got no answer (" + e.getMessage() + "): the server may have committed it; its staged files are left"
            + " at the server (drop them with the action write-abort {\"job\": \"" + job + "\"})", e);
      }
      WriteProtocol.abort(options, job, e);
      throw e;
    }
    return relation;
  }

  /**
   * Waits (up to a minute) for the tasks of a failed job that Spark is still killing: an upload
   * that completes after the abort would be staged again and stay behind.
   */
  private static void awaitTasks(SparkContext spark, String tag) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (System.nanoTime() < deadline && activeTasks(spark, tag) > 0) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static int activeTasks(SparkContext spark, String tag) {
    SparkStatusTracker status = spark.statusTracker();
    int active = 0;
    for (int jobId : status.getJobIdsForTag(tag)) {
      Option<SparkJobInfo> info = status.getJobInfo(jobId);
      if (info.isDefined()) {
        for (int stage : info.get().stageIds()) {
          Option<SparkStageInfo> s = status.getStageInfo(stage);
          active += s.isDefined() ? s.get().numActiveTasks() : 0;
        }
      }
    }
    return active;
  }

  /** Failures after which a commit may still have happened at the server. */
  private static boolean outcomeUnknown(FlightError e) {
    return switch (e.code()) {
      case UNAVAILABLE, TIMED_OUT, CANCELLED, UNKNOWN -> true;
      default -> false;
    };
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
