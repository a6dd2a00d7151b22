package dev.flightwire.cli;

import dev.flightwire.FlightAlreadyExistsError;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightNotFoundError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How {@code serve --dir} maps flights to files, and keeps every name inside the directory.
 *
 * <ul>
 *   <li>A data file is a {@code .arrow}, {@code .arrows}, {@code .feather} or {@code .csv} file
 *       in the directory or below it; names starting with a dot are not seen.
 *   <li>Its flight's path is its relative path, one part per directory, the file name without its
 *       extension: {@code sub/trips.csv} is {@code sub/trips}. When two files differ only in
 *       extension, both keep it ({@code a.csv} and {@code a.arrow}), and a path without it is
 *       ambiguous (INVALID_ARGUMENT). A path with the extension always names that file.
 *   <li>A directory holding a file named {@value #DATASET_MARKER} is a dataset: one flight, whose
 *       path is the directory's relative path, made of the data files directly in it (sorted by
 *       name; one endpoint each). Its files, and anything below it, are not flights of their own.
 *       A dataset without data files is not a flight (NOT_FOUND). A file beside it with the same
 *       base name keeps its extension: {@code sales} names the dataset, {@code sales.csv} the file.
 *   <li>A path part must be a plain name: not empty, not {@code .} or {@code ..}, without
 *       {@code /}, {@code \} or NUL, not starting with a dot (INVALID_ARGUMENT otherwise).
 *   <li>An upload of {@code sub/name} is stored as {@code sub/name.arrows}; it is refused with
 *       ALREADY_EXISTS when any data file or dataset of that flight exists, and with
 *       INVALID_ARGUMENT inside a dataset (a dataset takes files by a staged write,
 *       {@link StagedWrites}).
 * </ul>
 * Thread-safe (no state but the root).
 */
final class DirectoryPaths {
  static final List<String> EXTENSIONS = List.of(".arrow", ".arrows", ".feather", ".csv");
  static final String UPLOAD_EXTENSION = ".arrows";
  /** The file that makes a directory one flight (a dataset). */
  static final String DATASET_MARKER = ".dataset";

  private final Path root;

  /** @param root the served directory, as a real path */
  DirectoryPaths(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  /**
   * A flight: a data file, or a dataset's directory.
   *
   * @param path the file, or the dataset's directory
   * @param parts the flight's path
   * @param dataset whether it is a dataset
   */
  record Entry(Path path, List<String> parts, boolean dataset) {}

  /** Every data file and dataset, with its flight path, in path order. */
  List<Entry> list() throws IOException {
    List<Path> files = new ArrayList<>();
    List<Path> datasets = new ArrayList<>();
    // hidden directories (the staging area) are not entered: a commit's cleanup deletes in them
    // while listings run; a file or directory that vanishes during the walk is simply not listed
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
        if (d.equals(root)) {
          return FileVisitResult.CONTINUE;
        }
        if (name(d).startsWith(".")) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        if (isDataset(d)) {
          datasets.add(d);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
        if (attrs.isRegularFile() && !name(f).startsWith(".") && dataExtension(name(f)) != null) {
          files.add(f);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE;
        }
        throw e;
      }
    });
    files.sort(null);
    datasets.sort(null);
    datasets.removeIf(d -> datasetAbove(d) != null);
    files.removeIf(f -> datasetAbove(f) != null);
    Map<Path, Integer> sameBase = new HashMap<>();
    for (Path f : files) {
      sameBase.merge(withoutExtension(f), 1, Integer::sum);
    }
    for (Path d : datasets) {
      sameBase.merge(d, 1, Integer::sum);
    }
    List<Entry> out = new ArrayList<>();
    for (Path f : files) {
      List<String> parts = partsOf(f);
      if (sameBase.get(withoutExtension(f)) == 1) {
        String last = parts.get(parts.size() - 1);
        parts.set(parts.size() - 1, last.substring(0, last.length() - dataExtension(last).length()));
      }
      out.add(new Entry(f, List.copyOf(parts), false));
    }
    for (Path d : datasets) {
      out.add(new Entry(d, List.copyOf(partsOf(d)), true));
    }
    out.sort((a, b) -> String.join("/", a.parts()).compareTo(String.join("/", b.parts())));
    return out;
  }

  private List<String> partsOf(Path p) {
    List<String> parts = new ArrayList<>();
    for (Path part : root.relativize(p)) {
      parts.add(part.toString());
    }
    return parts;
  }

  /** Whether {@code dir} is a directory holding the dataset marker. */
  static boolean isDataset(Path dir) {
    return Files.isDirectory(dir) && Files.isRegularFile(dir.resolve(DATASET_MARKER));
  }

  /** The dataset directory that {@code p} is inside of (not {@code p} itself), or null. */
  Path datasetAbove(Path p) {
    for (Path d = p.getParent(); d != null && d.startsWith(root) && !d.equals(root); d = d.getParent()) {
      if (isDataset(d)) {
        return d;
      }
    }
    return null;
  }

  /** The data files directly in a dataset's directory, sorted by name. */
  static List<Path> datasetFiles(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> !name(p).startsWith(".") && Files.isRegularFile(p) && dataExtension(name(p)) != null)
          .sorted()
          .forEach(out::add);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return out;
  }

  private static Path withoutExtension(Path f) {
    String n = name(f);
    return f.resolveSibling(n.substring(0, n.length() - dataExtension(n).length()));
  }

  private static String name(Path p) {
    return p.getFileName().toString();
  }

  /** The data extension {@code name} ends with (any case), or null. */
  static String dataExtension(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String ext : EXTENSIONS) {
      if (lower.endsWith(ext) && lower.length() > ext.length()) {
        return name.substring(name.length() - ext.length());
      }
    }
    return null;
  }

  /** Checks that every part of a flight path is a plain name inside the directory. */
  static void checkParts(List<String> parts) {
    if (parts.isEmpty()) {
      throw new FlightInvalidArgumentError("the path is empty");
    }
    for (String p : parts) {
      if (p.isEmpty()) {
        throw new FlightInvalidArgumentError("the path has an empty part: " + String.join("/", parts));
      }
      if (p.equals(".") || p.equals("..")) {
        throw new FlightInvalidArgumentError("'" + p + "' is not allowed in a path: paths name files inside the"
            + " served directory");
      }
      if (p.indexOf('/') >= 0 || p.indexOf('\\') >= 0 || p.indexOf('\0') >= 0) {
        throw new FlightInvalidArgumentError("a path part may not hold '/', '\\' or NUL: " + p);
      }
      if (p.startsWith(".")) {
        throw new FlightInvalidArgumentError("a path part may not start with a dot: " + p);
      }
      if (p.length() > 255) {
        throw new FlightInvalidArgumentError("a path part is longer than 255 characters");
      }
    }
  }

  /** The directory a flight path's parts lead to, before its last part (not created). */
  private Path parentOf(List<String> parts) {
    Path dir = root;
    for (String p : parts.subList(0, parts.size() - 1)) {
      dir = dir.resolve(p);
    }
    return dir;
  }

  /**
   * The data file or dataset the flight path names.
   *
   * @throws FlightNotFoundError when there is none (or the path leads into a dataset)
   * @throws FlightInvalidArgumentError for a bad path, or one that fits several flights
   */
  Entry find(List<String> parts) {
    checkParts(parts);
    Path dir = parentOf(parts);
    String last = parts.get(parts.size() - 1);
    String shown = String.join("/", parts);
    Path inside = datasetAbove(dir.resolve(last));
    if (inside != null) {
      throw new FlightNotFoundError("no flight " + shown + " in the served directory: " + relative(inside)
          + " is a dataset, one flight whose files are not flights of their own");
    }
    if (dataExtension(last) != null && Files.isRegularFile(dir.resolve(last))) {
      return new Entry(dir.resolve(last), parts, false);
    }
    if (isDataset(dir.resolve(last))) {
      return new Entry(dir.resolve(last), parts, true);
    }
    List<Entry> found = new ArrayList<>();
    for (String ext : EXTENSIONS) {
      Path f = dir.resolve(last + ext);
      if (Files.isRegularFile(f)) {
        found.add(new Entry(f, parts, false));
      }
    }
    if (found.isEmpty()) {
      throw new FlightNotFoundError("no flight " + shown + " in the served directory");
    }
    if (found.size() > 1) {
      List<String> names = new ArrayList<>();
      for (Entry e : found) {
        names.add(name(e.path()));
      }
      throw new FlightInvalidArgumentError(shown + " is ambiguous (" + String.join(", ", names)
          + "): add the file's extension");
    }
    return found.get(0);
  }

  /**
   * The data file the flight path names.
   *
   * @throws FlightNotFoundError when there is none
   * @throws FlightInvalidArgumentError for a bad path, one that fits several flights, or a dataset
   */
  Path resolve(List<String> parts) {
    Entry e = find(parts);
    if (e.dataset()) {
      throw new FlightInvalidArgumentError(String.join("/", parts) + " is a dataset, not a file");
    }
    return e.path();
  }

  /** The data file a ticket (a relative file path with {@code /}) names. */
  Path forTicket(String ticket) {
    List<String> parts = List.of(ticket.split("/", -1));
    checkParts(parts);
    Path f = root;
    for (String p : parts) {
      f = f.resolve(p);
    }
    if (dataExtension(ticket) == null || !Files.isRegularFile(f)) {
      throw new FlightNotFoundError("no file " + ticket + " in the served directory (deleted?)");
    }
    return f;
  }

  /** The ticket of a data file: its path relative to the directory, parts joined with {@code /}. */
  String relative(Path file) {
    List<String> parts = new ArrayList<>();
    for (Path p : root.relativize(file)) {
      parts.add(p.toString());
    }
    return String.join("/", parts);
  }

  /**
   * Where an upload to the flight path goes, creating the directories it needs.
   *
   * @throws FlightInvalidArgumentError for a bad path
   * @throws FlightAlreadyExistsError when the flight exists
   */
  Path uploadTarget(List<String> parts) throws IOException {
    checkParts(parts);
    String last = parts.get(parts.size() - 1);
    String ext = dataExtension(last);
    String base;
    if (ext == null) {
      base = last;
    } else if (ext.equalsIgnoreCase(UPLOAD_EXTENSION)) {
      base = last.substring(0, last.length() - ext.length());
    } else {
      throw new FlightInvalidArgumentError("uploads are stored as Arrow IPC streams (" + UPLOAD_EXTENSION + "): name"
          + " the flight without " + ext);
    }
    Path dir = parentOf(parts);
    Path dataset = isDataset(dir) ? dir : datasetAbove(dir);
    if (dataset != null) {
      throw new FlightInvalidArgumentError("cannot upload into " + relative(dataset) + ", a dataset: its files come"
          + " from staged writes (action 'write-commit')");
    }
    createDirectories(dir, parts);
    if (isDataset(dir.resolve(base))) {
      throw new FlightAlreadyExistsError("flight " + String.join("/", parts) + " exists (the dataset "
          + relative(dir.resolve(base)) + "); uploads never replace a flight: delete it first (action 'delete')");
    }
    for (String e : EXTENSIONS) {
      Path existing = dir.resolve(base + e);
      if (Files.exists(existing)) {
        throw new FlightAlreadyExistsError("flight " + String.join("/", parts) + " exists (" + relative(existing)
            + "); uploads never replace a file: delete it first (action 'delete')");
      }
    }
    return dir.resolve(base + UPLOAD_EXTENSION);
  }

  /**
   * Creates {@code dir} (the directory of the flight path {@code parts}) and its parents.
   *
   * @throws FlightInvalidArgumentError when a file is in the way, or it leads outside the served
   *     directory (through a symbolic link)
   */
  void createDirectories(Path dir, List<String> parts) throws IOException {
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw new FlightInvalidArgumentError("cannot make a directory " + relative(dir) + ": a file has that name");
    }
    if (!dir.toRealPath().startsWith(root)) {
      throw new FlightInvalidArgumentError(String.join("/", parts) + " leads outside the served directory");
    }
  }

  /** The directory that the flight path {@code parts} names (not checked, not created). */
  Path dirOf(List<String> parts) {
    checkParts(parts);
    return parentOf(parts).resolve(parts.get(parts.size() - 1));
  }
}
