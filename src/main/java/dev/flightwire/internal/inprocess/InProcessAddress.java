package dev.flightwire.internal.inprocess;

import java.net.SocketAddress;

/** The address of both ends of an in-process connection: the server's name. */
public final class InProcessAddress extends SocketAddress {
  private static final long serialVersionUID = 1L;
  private final String name;

  public InProcessAddress(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  /** As a peer name: {@code in-process:NAME}. */
  @Override
  public String toString() {
    return "in-process:" + name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InProcessAddress a && a.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }
}
