package dev.flightwire.cli;

/** {@code version}: the version, how the code was loaded (named module or class path) and the JVM. */
final class Version {
  private Version() {}

  static String describe() {
    Module module = Main.class.getModule();
    String version = null;
    if (module.isNamed() && module.getDescriptor() != null) {
      version = module.getDescriptor().rawVersion().orElse(null);
    }
    if (version == null) {
      version = Main.class.getPackage().getImplementationVersion();
    }
    return "flightwire " + (version == null ? "(version unknown)" : version)
        + (module.isNamed() ? " (module " + module.getName() + ")" : " (class path)")
        + ", Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")";
  }
}
