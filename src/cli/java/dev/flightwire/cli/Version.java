package dev.flightwire.cli;

import dev.flightwire.FlightServer;

/**
 * {@code version}: the library's version, how the library was loaded (the named module
 * {@code dev.flightwire} or the class path) and the JVM.
 */
final class Version {
  private Version() {}

  static String describe() {
    Module module = FlightServer.class.getModule();
    String version = null;
    if (module.isNamed() && module.getDescriptor() != null) {
      version = module.getDescriptor().rawVersion().orElse(null);
    }
    if (version == null) {
      version = FlightServer.class.getPackage().getImplementationVersion();
    }
    return "flightwire " + (version == null ? "(version unknown)" : version)
        + (module.isNamed() ? " (module " + module.getName() + ")" : " (class path)")
        + ", Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")";
  }
}
