package dev.flightwire;

/** How a {@link FlightDescriptor} names its data (Flight's {@code FlightDescriptor.DescriptorType}). */
public enum DescriptorType {
  /**
   * Neither: the descriptor was absent or unset, as a DoExchange that sent none arrives at the
   * server ({@link FlightDescriptor#unknown()}).
   */
  UNKNOWN,
  /** A path of string parts, like a file path. */
  PATH,
  /** An opaque command, such as a query. */
  CMD
}
