package dev.flightwire;

/** How a {@link FlightDescriptor} names its data. */
public enum DescriptorType {
  UNKNOWN,
  /** A path of string parts, like a file path. */
  PATH,
  /** An opaque command, such as a query. */
  CMD
}
