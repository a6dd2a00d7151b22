package dev.flightwire.cli;

/**
 * One option a command accepts: {@code --name VALUE} (also {@code --name=VALUE}) when
 * {@code valueName} is set, else a flag {@code --name}. A repeatable option may be given several
 * times; any other option given twice is a usage error.
 */
record Option(String name, String valueName, boolean repeatable, String help) {
  static Option flag(String name, String help) {
    return new Option(name, null, false, help);
  }

  static Option value(String name, String valueName, String help) {
    return new Option(name, valueName, false, help);
  }

  static Option repeatable(String name, String valueName, String help) {
    return new Option(name, valueName, true, help);
  }

  boolean takesValue() {
    return valueName != null;
  }

  /** How the option is written in help: {@code --name VALUE}. */
  String synopsis() {
    return "--" + name + (takesValue() ? " " + valueName : "");
  }
}
