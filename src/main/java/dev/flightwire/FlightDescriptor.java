package dev.flightwire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** Names a dataset: a path of parts, or an opaque command. Immutable. */
public final class FlightDescriptor {
  private final DescriptorType type;
  private final byte[] command;
  private final List<String> path;

  private FlightDescriptor(DescriptorType type, byte[] command, List<String> path) {
    this.type = type;
    this.command = command;
    this.path = path;
  }

  public static FlightDescriptor forPath(String... path) {
    return forPath(Arrays.asList(path));
  }

  public static FlightDescriptor forPath(List<String> path) {
    return new FlightDescriptor(DescriptorType.PATH, null, List.copyOf(path));
  }

  public static FlightDescriptor forCommand(byte[] command) {
    return new FlightDescriptor(DescriptorType.CMD, command.clone(), null);
  }

  public static FlightDescriptor forCommand(String command) {
    return forCommand(command.getBytes(StandardCharsets.UTF_8));
  }

  /** A descriptor of UNKNOWN type, as an unset descriptor arrives (internal use and tests). */
  public static FlightDescriptor unknown() {
    return new FlightDescriptor(DescriptorType.UNKNOWN, null, null);
  }

  public DescriptorType descriptorType() {
    return type;
  }

  public boolean isPath() {
    return type == DescriptorType.PATH;
  }

  public boolean isCommand() {
    return type == DescriptorType.CMD;
  }

  /** The command bytes (a copy); empty for a path descriptor. */
  public byte[] command() {
    return command == null ? new byte[0] : command.clone();
  }

  /** The path parts; empty for a command descriptor. */
  public List<String> path() {
    return path == null ? List.of() : path;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof FlightDescriptor)) {
      return false;
    }
    FlightDescriptor d = (FlightDescriptor) o;
    return type == d.type && Arrays.equals(command, d.command) && Objects.equals(path, d.path);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, Arrays.hashCode(command), path);
  }

  @Override
  public String toString() {
    switch (type) {
      case PATH:
        return "FlightDescriptor<path: " + String.join("/", path) + ">";
      case CMD:
        return "FlightDescriptor<command: " + Bytes.show(command) + ">";
      default:
        return "FlightDescriptor<unknown>";
    }
  }
}
