package dev.flightwire.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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
   * Parses {@code argv} against {@code options} with picocli's parser ({@link Specs}), reporting
   * its errors in the command line's own words.
   *
   * @throws UsageException for an unknown option, a missing value, a value given to a flag, or a
   *     non-repeatable option given twice
   */
  static Args parse(List<Option> options, List<String> argv) throws UsageException {
    Map<String, Option> byName = new LinkedHashMap<>();
    for (Option o : options) {
      byName.put(o.name(), o);
    }
    // a flag given a value: picocli would read "--verbose=yes" as an unknown option or a boolean
    for (String a : argv) {
      if (a.equals("--")) {
        break;
      }
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 2) {
        Option o = byName.get(a.substring(2, eq));
        if (o != null && !o.takesValue()) {
          throw new UsageException("--" + o.name() + " takes no value");
        }
      }
    }
    picocli.CommandLine.Model.CommandSpec spec = Specs.of("flightwire", options);
    picocli.CommandLine.ParseResult result;
    try {
      result = new picocli.CommandLine(spec).parseArgs(argv.toArray(new String[0]));
    } catch (picocli.CommandLine.UnmatchedArgumentException e) {
      String token = e.getUnmatched().isEmpty() ? "?" : e.getUnmatched().get(0);
      int eq = token.indexOf('=');
      String shown = token.startsWith("--") && eq > 0 ? token.substring(0, eq) : token;
      throw new UsageException("unknown option '" + shown + "'" + suggestion(shown, byName));
    } catch (picocli.CommandLine.MissingParameterException e) {
      Option o = optionOf(e.getMissing().isEmpty() ? null : e.getMissing().get(0), byName);
      throw new UsageException(o == null ? e.getMessage() : "--" + o.name() + " needs a value (" + o.valueName() + ")");
    } catch (picocli.CommandLine.OverwrittenOptionException e) {
      Option o = optionOf(e.getOverwritten(), byName);
      throw new UsageException(o == null ? e.getMessage() : "--" + o.name() + " is given twice");
    } catch (picocli.CommandLine.ParameterException e) {
      throw new UsageException(e.getMessage());
    }
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (picocli.CommandLine.Model.OptionSpec o : result.matchedOptions()) {
      String name = o.longestName().substring(2);
      values.put(name, o.arity().max() == 0 ? List.of("") : List.copyOf(o.stringValues()));
    }
    List<String> positionals = result.hasMatchedPositional(0)
        ? spec.positionalParameters().get(0).stringValues() : List.of();
    return new Args(values, List.copyOf(positionals));
  }

  private static Option optionOf(picocli.CommandLine.Model.ArgSpec arg, Map<String, Option> byName) {
    if (arg instanceof picocli.CommandLine.Model.OptionSpec o) {
      return byName.get(o.longestName().substring(2));
    }
    return null;
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
