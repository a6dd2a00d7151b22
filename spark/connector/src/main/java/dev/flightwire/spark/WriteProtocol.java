package dev.flightwire.spark;

import dev.flightwire.Action;
import dev.flightwire.FlightCallOptions;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightNotFoundError;
import dev.flightwire.Location;
import dev.flightwire.Result;
import dev.flightwire.ResultStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a Spark write job lands on a service, in the convention of {@code flightwire serve --dir}:
 * every task uploads its partition with DoPut into the job's staging area (path
 * {@code _staging/JOB/part-PARTITION-JOB-ATTEMPT}), invisible to readers; when every task has succeeded the driver
 * sends the action {@code write-commit} naming the dataset, the job, the save mode and the files
 * of the successful task attempts, and the server moves them into the dataset at once. A failed
 * job sends {@code write-abort}, and nothing of it remains.
 */
final class WriteProtocol {
  static final String STAGING = "_staging";

  private WriteProtocol() {}

  /** A staged file's name: unique across jobs, so appends of several jobs never clash. */
  static String stagedName(String job, int partition, long attempt) {
    return String.format("part-%05d-%s-%d", partition, job, attempt);
  }

  static FlightDescriptor stagedDescriptor(String job, String file) {
    return FlightDescriptor.forPath(STAGING, job, file);
  }

  /** Whether the flight exists (GetFlightInfo answers it; NOT_FOUND says it does not). */
  static boolean exists(FlightOptions options) {
    try {
      FlightClients.call(options, Location.parse(options.location), c -> c.getFlightInfo(options.descriptor()));
      return true;
    } catch (FlightNotFoundError e) {
      return false;
    }
  }

  /**
   * Makes the staged files the dataset's.
   *
   * @param mode {@code append}, {@code overwrite} or {@code create}
   */
  static void commit(FlightOptions options, String job, String mode, List<String> files) {
    StringBuilder b = new StringBuilder("{\"path\":[");
    for (int i = 0; i < options.path.size(); i++) {
      b.append(i == 0 ? "" : ",").append(ScanCommand.string(options.path.get(i)));
    }
    b.append("],\"job\":").append(ScanCommand.string(job)).append(",\"mode\":\"").append(mode).append("\",\"files\":[");
    for (int i = 0; i < files.size(); i++) {
      b.append(i == 0 ? "" : ",").append(ScanCommand.string(files.get(i)));
    }
    b.append("]}");
    run(options, "write-commit", b.toString());
  }

  /** Drops what the job staged; never throws (the job's own failure is what the caller reports). */
  static void abort(FlightOptions options, String job, Throwable failure) {
    try {
      run(options, "write-abort", "{\"job\":" + ScanCommand.string(job) + "}");
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * A commit moves files and may delete the data it replaces: it gets a day rather than the
   * options' timeout, since a commit given up on may still complete at the server.
   */
  private static final FlightCallOptions ACTION = FlightCallOptions.timeout(Duration.ofDays(1));

  private static List<Result> run(FlightOptions options, String type, String body) {
    return FlightClients.call(options, Location.parse(options.location), c -> {
      List<Result> results = new ArrayList<>();
      try (ResultStream<Result> r = c.doAction(new Action(type, body.getBytes(StandardCharsets.UTF_8)), ACTION)) {
        r.forEachRemaining(results::add);
      }
      return results;
    });
  }
}
