package dev.flightwire.spark;

import org.apache.spark.sql.SparkSession;

/** The tests' Spark: local[*], no UI, java.time values, UTC. */
final class Spark {
  private Spark() {}

  static SparkSession session() {
    return SparkSession.builder()
        .master("local[*]")
        .appName("flightwire-spark-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.datetime.java8API.enabled", "true")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
  }
}
