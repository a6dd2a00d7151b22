package dev.flightwire.spark;

import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightError;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightStatusCode;
import dev.flightwire.Location;
import java.util.List;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.StructType;

/**
 * One read of a flight: GetFlightInfo on the driver (with the scan command when there is
 * something to push down, else the options' descriptor), then one input partition per endpoint,
 * in the service's order.
 */
final class FlightScan implements Scan, Batch {
  private final FlightOptions options;
  private final StructType readSchema;
  private final byte[] scanCommand;

  /** @param scanCommand the scan command's bytes, or null to ask for the options' descriptor */
  FlightScan(FlightOptions options, StructType readSchema, byte[] scanCommand) {
    this.options = options;
    this.readSchema = readSchema;
    this.scanCommand = scanCommand;
  }

  @Override
  public StructType readSchema() {
    return readSchema;
  }

  @Override
  public String description() {
    return "flight " + options.location + (scanCommand != null ? " scan " + new String(scanCommand,
        java.nio.charset.StandardCharsets.UTF_8) : "");
  }

  @Override
  public Batch toBatch() {
    return this;
  }

  @Override
  public InputPartition[] planInputPartitions() {
    FlightInfo info = flightInfo();
    List<FlightEndpoint> endpoints = info.endpoints();
    InputPartition[] parts = new InputPartition[endpoints.size()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = FlightPartition.of(i, endpoints.get(i));
    }
    return parts;
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    return new FlightReaderFactory(options, readSchema);
  }

  private FlightInfo flightInfo() {
    Location service = Location.parse(options.location);
    if (scanCommand != null) {
      try {
        return FlightClients.call(options, service, c -> c.getFlightInfo(FlightDescriptor.forCommand(scanCommand)));
      } catch (FlightError e) {
        if (!unknownCommand(e)) {
          throw e;
        }
        // a service that does not know the scan command: read the path, pick columns by name
      }
    }
    return FlightClients.call(options, service, c -> c.getFlightInfo(options.descriptor()));
  }

  /** Errors that say nothing about the command: they are the answer for the path too. */
  private static boolean unknownCommand(FlightError e) {
    FlightStatusCode c = e.code();
    return c != FlightStatusCode.UNAVAILABLE && c != FlightStatusCode.UNAUTHENTICATED
        && c != FlightStatusCode.UNAUTHORIZED && c != FlightStatusCode.CANCELLED && c != FlightStatusCode.TIMED_OUT;
  }
}
