package dev.flightwire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Names a dataset in GetFlightInfo, PollFlightInfo, GetSchema, DoPut and DoExchange: either a
 * path of string parts (like a file path, {@code forPath("datasets", "sales")}) or an opaque
 * command the service interprets, such as a query. The service decides what either means.
 * Immutable; command bytes are copied in and out.
 */
public final class FlightDescriptor {
  private final DescriptorType type;
  private final byte[] command;
  private final List<String> path;

  private FlightDescriptor(DescriptorType type, byte[] command, List<String> path) {
    this.type = type;
    this.command = command;
    this.path = path;
  }

  /**
   * A path descriptor.
   *
   * @param path the path parts, in order; none may be null
   * @return a descriptor of type {@link DescriptorType#PATH}
   * @throws NullPointerException when a part is null
   */
  public static FlightDescriptor forPath(String... path) {
    return forPath(Arrays.asList(path));
  }

  /**
   * A path descriptor.
   *
   * @param path the path parts, in order (copied); none may be null
   * @return a descriptor of type {@link DescriptorType#PATH}
   * @throws NullPointerException when the list or a part is null
   */
  public static FlightDescriptor forPath(List<String> path) {
    return new FlightDescriptor(DescriptorType.PATH, null, List.copyOf(path));
  }

  /**
   * A command descriptor.
   *
   * @param command the command bytes (copied); not null
   * @return a descriptor of type {@link DescriptorType#CMD}
   * @throws NullPointerException when {@code command} is null
   */
  public static FlightDescriptor forCommand(byte[] command) {
    return new FlightDescriptor(DescriptorType.CMD, command.clone(), null);
  }

  /**
   * A command descriptor whose command is text, such as a query.
   *
   * @param command the command, sent as its UTF-8 bytes
   * @return a descriptor of type {@link DescriptorType#CMD}
   */
  public static FlightDescriptor forCommand(String command) {
    return forCommand(command.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A descriptor of type {@link DescriptorType#UNKNOWN}, with neither path nor command: what a
   * server's {@link FlightServerBase#doExchange} receives when the client sent no descriptor, and
   * what an unset descriptor on the wire becomes. Mostly for the library and tests.
   *
   * @return an empty descriptor of unknown type
   */
  public static FlightDescriptor unknown() {
    return new FlightDescriptor(DescriptorType.UNKNOWN, null, null);
  }

  /**
   * Whether this is a path, a command, or neither.
   *
   * @return the type; never null
   */
  public DescriptorType descriptorType() {
    return type;
  }

  /**
   * Whether this is a path descriptor.
   *
   * @return true for type {@link DescriptorType#PATH}
   */
  public boolean isPath() {
    return type == DescriptorType.PATH;
  }

  /**
   * Whether this is a command descriptor.
   *
   * @return true for type {@link DescriptorType#CMD}
   */
  public boolean isCommand() {
    return type == DescriptorType.CMD;
  }

  /**
   * The command.
   *
   * @return a copy of the command bytes; empty for path and unknown descriptors
   */
  public byte[] command() {
    return command == null ? new byte[0] : command.clone();
  }

  /**
   * The path.
   *
   * @return the path parts, an unmodifiable list; empty for command and unknown descriptors
   */
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
