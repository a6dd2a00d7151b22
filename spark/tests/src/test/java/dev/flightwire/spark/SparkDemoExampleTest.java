package dev.flightwire.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** The README's Spark example, run against the demo service as a user would start it. */
class SparkDemoExampleTest {
  /** The README's Java job, with the demo's location as its argument. */
  static Map<String, Double> example(SparkSession spark, String location) {
    Dataset<Row> sales = spark.read().format("flight")
        .option("location", location)              // e.g. grpc+tcp://localhost:8815, the demo
        .option("path", "dataset/sales")
        .load();
    Map<String, Double> byRegion = new TreeMap<>();
    for (Row r : sales.groupBy("region").sum("amount").collectAsList()) {
      System.out.println(r.getString(0) + " " + r.getDouble(1));    // East 200.0, North 100.0, South 150.0
      byRegion.put(r.getString(0), r.getDouble(1));
    }
    long sampled = spark.read().format("flight").option("location", location).option("path", "streaming/numbers")
        .load().filter("id % 1000 = 0").count();
    byRegion.put("sampled numbers", (double) sampled);
    return byRegion;
  }

  @Test
  void readmeExampleAgainstTheDemo() throws Exception {
    try (ServerProcess demo = ServerProcess.flightwire("--host", "127.0.0.9", "--port", "0")) {
      SparkSession spark = Spark.session();
      try {
        assertEquals(Map.of("East", 200.0, "North", 100.0, "South", 150.0, "sampled numbers", 10.0),
            example(spark, demo.location()));
        List<Row> ts = spark.read().format("flight").option("location", demo.location())
            .option("path", "streaming/time_series").load().limit(3).collectAsList();
        assertEquals(3, ts.size());
      } finally {
        spark.stop();
      }
    }
  }
}
