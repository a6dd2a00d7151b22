package dev.flightwire;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One part of a flight and where to fetch it: a {@link Ticket} to redeem with DoGet and the
 * locations that accept it, any of which returns the same data. No locations means "the service
 * that returned this endpoint", as does {@link Location#reuseConnection()}; {@link EndpointFetcher}
 * reads endpoints by these rules, trying locations in order. Immutable; app metadata is copied in
 * and out.
 */
public final class FlightEndpoint {
  private final Ticket ticket;
  private final List<Location> locations;
  private final Instant expirationTime;
  private final byte[] appMetadata;

  /**
   * An endpoint that does not expire and carries no app metadata.
   *
   * @param ticket the ticket to redeem with DoGet; not null
   * @param locations where the ticket can be redeemed; none for the service that returns the
   *     endpoint
   * @throws NullPointerException when {@code ticket} or a location is null
   */
  public FlightEndpoint(Ticket ticket, Location... locations) {
    this(ticket, List.of(locations), null, null);
  }

  /**
   * An endpoint with every field of Flight's {@code FlightEndpoint}.
   *
   * @param ticket the ticket to redeem with DoGet; not null
   * @param locations where the ticket can be redeemed (copied); empty for the service that
   *     returns the endpoint
   * @param expirationTime when the ticket stops being valid (RenewFlightEndpoint may extend it),
   *     or null if it does not expire
   * @param appMetadata application metadata for the client (copied), or null for none
   * @throws NullPointerException when {@code ticket}, {@code locations} or a location is null
   */
  public FlightEndpoint(Ticket ticket, List<Location> locations, Instant expirationTime, byte[] appMetadata) {
    this.ticket = Objects.requireNonNull(ticket, "ticket");
    this.locations = List.copyOf(locations);
    this.expirationTime = expirationTime;
    this.appMetadata = appMetadata == null ? new byte[0] : appMetadata.clone();
  }

  /**
   * The ticket to redeem with {@link FlightClient#doGet(Ticket)}.
   *
   * @return the ticket; never null
   */
  public Ticket ticket() {
    return ticket;
  }

  /**
   * Where the ticket can be redeemed.
   *
   * @return the locations, an unmodifiable list; empty for the service that returned the
   *     endpoint
   */
  public List<Location> locations() {
    return locations;
  }

  /**
   * When the ticket stops being valid.
   *
   * @return the expiration time, or null if it does not expire
   */
  public Instant expirationTime() {
    return expirationTime;
  }

  /**
   * Application metadata the service attached to the endpoint.
   *
   * @return a copy of the metadata; empty when there is none
   */
  public byte[] appMetadata() {
    return appMetadata.clone();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FlightEndpoint)) {
      return false;
    }
    FlightEndpoint e = (FlightEndpoint) o;
    return ticket.equals(e.ticket) && locations.equals(e.locations)
        && Objects.equals(expirationTime, e.expirationTime) && Arrays.equals(appMetadata, e.appMetadata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ticket, locations, expirationTime, Arrays.hashCode(appMetadata));
  }

  @Override
  public String toString() {
    return "FlightEndpoint<ticket=" + ticket + ", locations=" + locations
        + (expirationTime == null ? "" : ", expires=" + expirationTime) + ">";
  }

  /**
   * A builder of an endpoint; the expiration time and app metadata default to none.
   *
   * @param ticket the ticket to redeem with DoGet
   * @param locations where the ticket is accepted; none means the service the endpoint came from
   * @return a new builder
   */
  public static Builder builder(Ticket ticket, Location... locations) {
    return new Builder(ticket, List.of(locations));
  }

  /** Builder of {@link FlightEndpoint}: the optional expiration time and app metadata by name. */
  public static final class Builder {
    private final Ticket ticket;
    private final List<Location> locations;
    private Instant expirationTime;
    private byte[] appMetadata;

    private Builder(Ticket ticket, List<Location> locations) {
      this.ticket = Objects.requireNonNull(ticket, "ticket");
      this.locations = locations;
    }

    /**
     * Sets when the ticket stops being valid.
     *
     * @param expirationTime the instant, or null (the default) when it does not expire
     * @return this builder
     */
    public Builder expirationTime(Instant expirationTime) {
      this.expirationTime = expirationTime;
      return this;
    }

    /**
     * Sets the application metadata.
     *
     * @param appMetadata the metadata (copied), or null for none (the default)
     * @return this builder
     */
    public Builder appMetadata(byte[] appMetadata) {
      this.appMetadata = appMetadata == null ? null : appMetadata.clone();
      return this;
    }

    /**
     * Builds the endpoint.
     *
     * @return the endpoint
     */
    public FlightEndpoint build() {
      return new FlightEndpoint(ticket, locations, expirationTime, appMetadata);
    }
  }
}
