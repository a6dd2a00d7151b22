package dev.flightwire.spark;

import dev.flightwire.FlightInfo;
import dev.flightwire.Location;
import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * {@code spark.read.format("flight")}: a Flight service's flight as a Spark table, read with one
 * task per endpoint. The options are {@link FlightOptions}'; the schema comes from the service's
 * GetFlightInfo.
 *
 * <pre>{@code
 * Dataset<Row> df = spark.read().format("flight")
 *     .option("location", "grpc+tcp://localhost:8815")
 *     .option("path", "uploaded.parquet")
 *     .load();
 * }</pre>
 */
public final class FlightDataSource implements TableProvider, DataSourceRegister {
  /** Spark creates the source by its no-argument constructor. */
  public FlightDataSource() {}

  @Override
  public String shortName() {
    return "flight";
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    FlightOptions o = FlightOptions.parse(options.asCaseSensitiveMap());
    FlightInfo info = FlightClients.get(o, Location.parse(o.location)).getFlightInfo(o.descriptor());
    return SparkTypes.struct(info.schema());
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    return new FlightTable(schema, FlightOptions.parse(properties));
  }
}
