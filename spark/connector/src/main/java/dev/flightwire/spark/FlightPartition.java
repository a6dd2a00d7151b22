package dev.flightwire.spark;

import dev.flightwire.FlightEndpoint;
import dev.flightwire.Location;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One endpoint: its ticket and the locations it may be read from, in the service's order (none:
 * the service the options name). Its preferred locations are the locations' hosts, so Spark runs
 * the task on an executor there when it has one.
 */
final class FlightPartition implements InputPartition {
  private static final long serialVersionUID = 1L;

  final int index;
  final byte[] ticket;
  final List<String> locations;
  private final String[] hosts;

  private FlightPartition(int index, byte[] ticket, List<String> locations, String[] hosts) {
    this.index = index;
    this.ticket = ticket;
    this.locations = locations;
    this.hosts = hosts;
  }

  static FlightPartition of(int index, FlightEndpoint endpoint) {
    List<String> uris = new ArrayList<>();
    Set<String> hosts = new LinkedHashSet<>();
    for (Location l : endpoint.locations()) {
      uris.add(l.uri());
      if (!l.isReuseConnection() && !l.isUnix() && !l.isInProcess() && l.host() != null) {
        hosts.add(l.host());
      }
    }
    return new FlightPartition(index, endpoint.ticket().ticket(), List.copyOf(uris), hosts.toArray(new String[0]));
  }

  @Override
  public String[] preferredLocations() {
    return hosts.clone();
  }
}
