package dev.flightwire.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed arguments of one command: option values and positional arguments.
 *
 * <p>Syntax: {@code --name VALUE} or {@code --name=VALUE} for options with a value, {@code --name}
 * for flags, {@code -h} for {@code --help}. Options and positional arguments may be mixed;
 * everything after {@code --} is positional (for a positional argument that starts with a dash).
 * A lone {@code -} is positional. Immutable once parsed.
 */
final class Args {
  private final Map<String, List<String>> values;
  private final List<String> positionals;

  private Args(Map<String, List<String>> values, List<String> positionals) {
    this.values = values;
    this.positionals = positionals;
  }

  /**
   * Parses {@code argv} against {@code options}.
   *
   * @throws UsageException for an unknown option, a missing value, a value given to a flag, or a
   *     non-repeatable option given twice
   */
  static Args parse(List<Option> options, List<String> argv) throws UsageException {
    Map<String, Option> byName = new LinkedHashMap<>();
    for (Option o : options) {
      byName.put(o.name(), o);
    }
    Map<String, List<String>> values = new LinkedHashMap<>();
    List<String> positionals = new ArrayList<>();
    boolean onlyPositionals = false;
    for (int i = 0; i < argv.size(); i++) {
      String a = argv.get(i);
      if (onlyPositionals || !a.startsWith("-") || a.equals("-")) {
        positionals.add(a);
        continue;
      }
      if (a.equals("--")) {
        onlyPositionals = true;
        continue;
      }
      if (a.equals("-h")) {
        a = "--help";
      }
      if (!a.startsWith("--")) {
        throw new UsageException("unknown option '" + a + "'" + suggestion(a, byName));
      }
      String name = a.substring(2);
      String inline = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        inline = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      Option o = byName.get(name);
      if (o == null) {
        throw new UsageException("unknown option '--" + name + "'" + suggestion(name, byName));
      }
      String v;
      if (o.takesValue()) {
        if (inline != null) {
          v = inline;
        } else if (i + 1 < argv.size()) {
          v = argv.get(++i);
        } else {
          throw new UsageException("--" + name + " needs a value (" + o.valueName() + ")");
        }
      } else {
        if (inline != null) {
          throw new UsageException("--" + name + " takes no value");
        }
        v = "";
      }
      List<String> list = values.computeIfAbsent(name, k -> new ArrayList<>());
      if (!list.isEmpty() && !o.repeatable()) {
        throw new UsageException("--" + name + " is given twice");
      }
      list.add(v);
    }
    return new Args(values, List.copyOf(positionals));
  }

  /** " (did you mean --x?)" for a near miss of a known option name, else "". */
  private static String suggestion(String given, Map<String, Option> byName) {
    String bare = given.replaceFirst("^-+", "");
    int eq = bare.indexOf('=');
    if (eq >= 0) {
      bare = bare.substring(0, eq);
    }
    String best = null;
    int bestDistance = 3;
    for (String name : byName.keySet()) {
      int d = distance(bare, name);
      if (d < bestDistance) {
        bestDistance = d;
        best = name;
      }
    }
    return best == null ? "" : " (did you mean --" + best + "?)";
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  /** The value of an option, or null when it was not given. */
  String value(String name) {
    List<String> v = values.get(name);
    return v == null ? null : v.get(v.size() - 1);
  }

  /** Every value of a repeatable option, in order (empty when not given). */
  List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  List<String> positionals() {
    return positionals;
  }

  /** The positional argument at {@code index}, or null. */
  String positional(int index) {
    return index < positionals.size() ? positionals.get(index) : null;
  }

  /**
   * Checks the number of positional arguments.
   *
   * @param names how the arguments are called in messages, in order
   */
  void expectPositionals(int min, int max, String... names) throws UsageException {
    if (positionals.size() < min) {
      throw new UsageException("missing " + names[positionals.size()]);
    }
    if (positionals.size() > max) {
      throw new UsageException("unexpected argument '" + positionals.get(max) + "'");
    }
  }

  /** An integer option in [min, max], or {@code absent} when not given. */
  long longValue(String name, long absent, long min, long max) throws UsageException {
    String v = value(name);
    if (v == null) {
      return absent;
    }
    long n;
    try {
      n = Long.parseLong(v.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " needs a whole number, not '" + v + "'");
    }
    if (n < min || n > max) {
      throw new UsageException("--" + name + " must be between " + min + " and " + max + ", not " + n);
    }
    return n;
  }

  /** A file option that must name a readable file, or null when not given. */
  Path readableFile(String name) throws UsageException {
    String v = value(name);
    return v == null ? null : readable(v, "--" + name);
  }

  /** {@code text} as a path that must be a readable regular file. */
  static Path readable(String text, String what) throws UsageException {
    Path p = Paths.get(text);
    if (!Files.exists(p)) {
      throw new UsageException(what + ": no such file: " + text);
    }
    if (Files.isDirectory(p)) {
      throw new UsageException(what + ": " + text + " is a directory, not a file");
    }
    if (!Files.isReadable(p)) {
      throw new UsageException(what + ": cannot read " + text + " (permission denied)");
    }
    return p;
  }
}
