package dev.flightwire.spark;

import java.util.EnumSet;
import java.util.Set;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/** A flight as a Spark table: its schema, read in batches. */
final class FlightTable implements SupportsRead {
  private final StructType schema;
  private final FlightOptions options;

  FlightTable(StructType schema, FlightOptions options) {
    this.schema = schema;
    this.options = options;
  }

  @Override
  public String name() {
    return "flight " + options.location + " " + (options.path != null ? String.join("/", options.path) : "(command)");
  }

  @Override
  public StructType schema() {
    return schema;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return EnumSet.of(TableCapability.BATCH_READ);
  }

  @Override
  public ScanBuilder newScanBuilder(CaseInsensitiveStringMap ignored) {
    return new FlightScanBuilder(schema, options);
  }
}
