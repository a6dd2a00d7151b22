package dev.flightwire.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownFilters;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Collects what Spark pushes down: the top-level columns it needs, and the filters the scan
 * command can carry ({@link ScanCommand}). Every filter is still evaluated by Spark after the scan,
 * so a service may apply any subset of them, or none.
 */
final class FlightScanBuilder implements ScanBuilder, SupportsPushDownRequiredColumns, SupportsPushDownFilters {
  private final StructType full;
  private final FlightOptions options;
  private StructType required;
  private Filter[] pushed = new Filter[0];

  FlightScanBuilder(StructType schema, FlightOptions options) {
    this.full = schema;
    this.options = options;
    this.required = schema;
  }

  /** Keeps the whole type of each top-level column asked for: nested fields are not pruned. */
  @Override
  public void pruneColumns(StructType requiredSchema) {
    List<StructField> keep = new ArrayList<>();
    for (StructField f : full.fields()) {
      if (requiredSchema.getFieldIndex(f.name()).isDefined()) {
        keep.add(f);
      }
    }
    required = new StructType(keep.toArray(new StructField[0]));
  }

  /** Every filter is returned for Spark to evaluate; those the scan command can carry are pushed too. */
  @Override
  public Filter[] pushFilters(Filter[] filters) {
    List<Filter> p = new ArrayList<>();
    for (Filter f : filters) {
      if (options.pushdown && options.path != null && ScanCommand.filter(f) != null) {
        p.add(f);
      }
    }
    pushed = p.toArray(new Filter[0]);
    return filters;
  }

  @Override
  public Filter[] pushedFilters() {
    return pushed.clone();
  }

  @Override
  public Scan build() {
    boolean pruned = required.size() < full.size();
    boolean usePushdown = options.pushdown && options.path != null && (pruned || pushed.length > 0);
    List<String> columns = null;
    if (pruned) {
      // no column at all (a count): ask for one, the rows still have to be counted
      columns = required.size() > 0 ? List.of(required.fieldNames()) : List.of(full.fields()[0].name());
    }
    return new FlightScan(options, required, usePushdown ? ScanCommand.json(options.path, columns, pushed) : null);
  }
}
