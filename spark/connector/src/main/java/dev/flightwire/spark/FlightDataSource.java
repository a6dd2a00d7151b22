package dev.flightwire.spark;

import dev.flightwire.FlightInfo;
import dev.flightwire.Location;
import java.util.Map;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.sources.BaseRelation;
import org.apache.spark.sql.sources.CreatableRelationProvider;
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
 *
 * <p>{@code df.write.format("flight")} uploads each partition with one DoPut and commits them
 * together ({@link FlightWrite}). Spark routes writes of a table without write support of its own
 * through {@link CreatableRelationProvider}, which is given the save mode itself.
 */
public final class FlightDataSource implements TableProvider, DataSourceRegister, CreatableRelationProvider {
  /** Spark creates the source by its no-argument constructor. */
  public FlightDataSource() {}

  @Override
  public String shortName() {
    return "flight";
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    FlightOptions o = FlightOptions.parse(options.asCaseSensitiveMap());
    FlightInfo info = FlightClients.call(o, Location.parse(o.location), c -> c.getFlightInfo(o.descriptor()));
    if (info.schema() == null) {
      throw new IllegalStateException("flight: the service sent no schema for " + o.descriptor()
          + "; give one with .schema(...)");
    }
    return SparkTypes.struct(info.schema());
  }

  /**
   * A schema given by the application ({@code .schema(...)} on read, the data's on write) is used
   * as it is: on read it must match what the service sends (checked by column name and type).
   * Writes then never ask the service for a schema it does not have yet.
   */
  @Override
  public boolean supportsExternalMetadata() {
    return true;
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    return new FlightTable(schema, FlightOptions.parse(properties));
  }

  @Override
  public BaseRelation createRelation(SQLContext context, SaveMode mode, scala.collection.immutable.Map<String, String> parameters,
      Dataset<Row> data) {
    return FlightWrite.run(context, mode, scala.jdk.javaapi.CollectionConverters.asJava(parameters), data);
  }
}
