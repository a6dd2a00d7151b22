package dev.flightwire.cli;

import dev.flightwire.FlightAlreadyExistsError;
import dev.flightwire.FlightInternalError;
import dev.flightwire.FlightInvalidArgumentError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Staged writes into datasets: a job's files are uploaded out of sight, then made visible all
 * together by a commit, or dropped by an abort (the shape of a Spark job: many tasks write, the
 * driver commits or aborts).
 *
 * <ul>
 *   <li>A DoPut whose path is {@code ["_staging", JOB, NAME]} stores its upload as
 *       {@code DIR/.staging/JOB/NAME.arrows}, never listed; as for any upload, the file appears
 *       only once complete, and a failed or cancelled upload stores nothing. JOB is a plain name
 *       of letters, digits, {@code -} and {@code _}; NAME a plain file name, unique in the job.
 *   <li>{@link #commit} moves every staged file of a job into a dataset's directory, by renames
 *       within the served directory's file system, and removes the job's staging directory. A
 *       commit is all or nothing, short of a crash: when a rename fails, the files already moved
 *       go back where they were staged before the failure is answered (no journal is kept: a
 *       crash of the server in the middle of an append leaves the files it had moved in the
 *       dataset, the others staged).
 *       {@code create} (the flight must not exist) and {@code overwrite} fill a new directory
 *       with the marker and the files, then rename it into place (an overwrite first renames
 *       the old directory away to {@code .staging/.replaced-JOB}, and deletes it after).
 *       {@code append} renames each file into the existing dataset (or makes one, as create
 *       does).
 *   <li>{@link #abort} deletes a job's staging directory; aborting a job that has none is fine.
 * </ul>
 * The files of a job, and those of the dataset it appends to, must have equal schemas
 * (INVALID_ARGUMENT otherwise, before anything moves). Once a commit's data is in place, the
 * commit has succeeded: deleting what it replaced and the job's staging directory is best effort,
 * a failure logged (SLF4J, WARN) and the leftover kept, hidden.
 *
 * <h3>What readers see</h3>
 * The renames that change which files a flight has (an overwrite's two, an append's one per
 * file, a dataset's delete) are made under the write side of a read-write lock, and the calls
 * that resolve flights to files hold its read side ({@link #reading()}): a reader sees a dataset
 * before or after a commit, whole, never the moment between an overwrite's renames when it is
 * not found, nor part of an append. Before its first rename an overwrite writes where the old
 * directory belongs next to it ({@code .staging/.replaced-JOB.target}); a server that crashed
 * between the renames puts the old directory back when it starts again ({@link #recover}).
 *
 * <h3>Threading</h3>
 * Commits, aborts and deletes are serialized by this object's monitor, taken before the
 * read-write lock's write side; uploads run beside them, and readers only wait for the renames.
 */
final class StagedWrites {
  /** The first part of a staged upload's flight path. */
  static final String STAGING_PATH = "_staging";
  /** The staging area, under the served directory (hidden: its name starts with a dot). */
  static final String STAGING_DIR = ".staging";

  private static final Logger LOG = LoggerFactory.getLogger(StagedWrites.class);

  private static final Pattern JOB = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  enum Mode { APPEND, OVERWRITE, CREATE }

  /**
   * The renames and deletes that commits, aborts and deletes make: {@link #REAL}, or in tests one
   * that fails at a chosen step, to show what a failure there leaves behind.
   */
  interface FileOps {
    /** Renames {@code from} to {@code to} (atomically where the file system can). */
    void rename(Path from, Path to) throws IOException;

    /** Deletes a file or an empty directory; nothing when it does not exist. */
    void deleteIfExists(Path p) throws IOException;

    /** The file system's own. */
    FileOps REAL = new FileOps() {
      @Override
      public void rename(Path from, Path to) throws IOException {
        try {
          Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(from, to);
        }
      }

      @Override
      public void deleteIfExists(Path p) throws IOException {
        Files.deleteIfExists(p);
      }
    };
  }

  /** The read side of the lock that commits rename under; closing it releases it. */
  interface Reading extends AutoCloseable {
    @Override
    void close();
  }

  private static final String REPLACED = ".replaced-";
  /** Where a create or overwrite fills the new dataset's directory: {@code .commit-JOB}. */
  private static final String FILLING = ".commit-";
  private static final String TARGET_NOTE = ".target";

  private final DirectoryPaths paths;
  private final FileStats stats;
  private final Path staging;
  private final FileOps ops;
  /** Write side: renames that change a flight's files. Read side: calls resolving flights. */
  private final ReentrantReadWriteLock visibility = new ReentrantReadWriteLock();

  /** Staged writes under {@code paths}' directory; first puts back what a crash left ({@link #recover}). */
  StagedWrites(DirectoryPaths paths, FileStats stats, FileOps ops) {
    this.paths = paths;
    this.stats = stats;
    this.staging = paths.root().resolve(STAGING_DIR);
    this.ops = ops;
    recover();
  }

  /**
   * Holds the read side of the commits' lock until closed: a call resolving flights to files (and
   * opening them) sees no commit or dataset delete halfway.
   */
  Reading reading() {
    Lock read = visibility.readLock();
    read.lock();
    return read::unlock;
  }

  /**
   * Puts back what a crash in the middle of a commit left:
   * <ul>
   *   <li>each {@code .staging/.replaced-JOB} directory whose note ({@code .replaced-JOB.target},
   *       the dataset's relative path) names a missing directory is renamed back there, as that
   *       overwrite did not happen; one whose dataset exists (the crash came after the new one was
   *       in place) is deleted;
   *   <li>the files of a {@code .staging/.commit-JOB} directory (a new dataset being filled, not
   *       yet in place) go back to the job's staging directory, so that the job can commit again
   *       (or abort) as if it had not begun.
   * </ul>
   * Logged either way; a failure is logged and the server starts all the same.
   */
  private void recover() {
    if (!Files.isDirectory(staging)) {
      return;
    }
    List<Path> replaced = new ArrayList<>();
    List<Path> filling = new ArrayList<>();
    try (Stream<Path> s = Files.list(staging)) {
      s.sorted().forEach(p -> {
        String name = p.getFileName().toString();
        if (name.startsWith(REPLACED)) {
          replaced.add(p);
        } else if (name.startsWith(FILLING) && Files.isDirectory(p)) {
          filling.add(p);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      LOG.error("cannot list {} to look for what a crash left there", staging, e);
      return;
    }
    for (Path p : filling) {
      Path jobDir = staging.resolve(p.getFileName().toString().substring(FILLING.length()));
      try {
        List<Path> files = DirectoryPaths.datasetFiles(p);
        Files.createDirectories(jobDir);
        for (Path f : files) {
          move(f, jobDir.resolve(f.getFileName()));
        }
        deleteTree(p);
        LOG.warn("the server stopped in the middle of a commit of job {}, which did not happen: its {} files are"
            + " staged again", jobDir.getFileName(), files.size());
      } catch (IOException | RuntimeException e) {
        LOG.error("cannot put back the files of {}, a commit the server did not finish, into {}", p, jobDir, e);
      }
    }
    for (Path p : replaced) {
      String name = p.getFileName().toString();
      if (name.endsWith(TARGET_NOTE)) {
        Path old = p.resolveSibling(name.substring(0, name.length() - TARGET_NOTE.length()));
        if (!Files.exists(old)) {
          deleteQuietly(p);
        }
        continue;
      }
      Path note = noteOf(p);
      if (!Files.isRegularFile(note)) {
        LOG.warn("{} holds a dataset an overwrite replaced, but not where it was: left as it is", p);
        continue;
      }
      try {
        String relative = Files.readString(note).trim();
        List<String> parts = List.of(relative.split("/", -1));
        Path target = paths.dirOf(parts);
        if (Files.exists(target)) {
          deleteTree(p);
          LOG.warn("deleted {}, the dataset {} had before an overwrite that finished before the server stopped", p,
              relative);
        } else {
          paths.createDirectories(target.getParent(), parts);
          move(p, target);
          LOG.warn("restored the dataset {} from {}: the server stopped in the middle of an overwrite, which did not"
              + " happen", relative, p);
        }
        ops.deleteIfExists(note);
      } catch (IOException | RuntimeException e) {
        LOG.error("cannot put back {}, a dataset an overwrite replaced", p, e);
      }
    }
  }

  /** Where a dataset renamed away to {@code replaced} belongs, written before the rename. */
  private static Path noteOf(Path replaced) {
    return replaced.resolveSibling(replaced.getFileName() + TARGET_NOTE);
  }

  private void deleteQuietly(Path p) {
    try {
      deleteTree(p);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot delete {}", p, e);
    }
  }

  /** Whether an upload's path is a staged one. */
  static boolean isStaged(List<String> parts) {
    return !parts.isEmpty() && parts.get(0).equals(STAGING_PATH);
  }

  /**
   * Checks a job id.
   *
   * @throws FlightInvalidArgumentError unless it is 1-128 letters, digits, {@code -} and {@code _}
   */
  static String checkJob(Object job) {
    if (!(job instanceof String s) || !JOB.matcher(s).matches()) {
      throw new FlightInvalidArgumentError("a job id is 1 to 128 letters, digits, '-' and '_', not "
          + (job instanceof String s ? "\"" + s + "\"" : Json.write(job == null ? Json.NULL : job)));
    }
    return s;
  }

  /**
   * Where the staged upload {@code ["_staging", JOB, NAME]} goes (its job's directory created).
   *
   * @throws FlightInvalidArgumentError for a bad path
   * @throws FlightAlreadyExistsError when the job has that file already
   */
  Path uploadTarget(List<String> parts) throws IOException {
    if (parts.size() != 3) {
      throw new FlightInvalidArgumentError("a staged upload's path is " + STAGING_PATH + "/JOB/NAME, not "
          + String.join("/", parts));
    }
    String job = checkJob(parts.get(1));
    String name = parts.get(2);
    DirectoryPaths.checkParts(List.of(name));
    String ext = DirectoryPaths.dataExtension(name);
    if (ext != null && !ext.equalsIgnoreCase(DirectoryPaths.UPLOAD_EXTENSION)) {
      throw new FlightInvalidArgumentError("uploads are stored as Arrow IPC streams ("
          + DirectoryPaths.UPLOAD_EXTENSION + "): name the file without " + ext);
    }
    String base = ext == null ? name : name.substring(0, name.length() - ext.length());
    Path dir = staging.resolve(job);
    Files.createDirectories(dir);
    Path target = dir.resolve(base + DirectoryPaths.UPLOAD_EXTENSION);
    if (Files.exists(target)) {
      throw new FlightAlreadyExistsError("job " + job + " has staged " + target.getFileName() + " already");
    }
    return target;
  }

  /**
   * The action {@code write-commit}: body {@code {"path": [...], "job": JOB, "mode": MODE}}, and
   * optionally {@code "files": [NAME, ...]}: only those staged files are committed (an engine names
   * the files of the task attempts that succeeded; others of the job, such as a speculative
   * attempt's duplicate, are dropped with the staging directory). A name given twice ({@code p}
   * and {@code p.arrows} are one name) is refused with INVALID_ARGUMENT.
   *
   * @return {@code {"path": "sub/sales", "files": n, "rows": n}}: the files and rows the job added
   */
  synchronized String commit(String body) throws IOException {
    Map<?, ?> m = bodyObject(body, "write-commit", List.of("path", "job", "mode", "files"));
    if (!(m.get("path") instanceof List<?> list) || list.isEmpty()) {
      throw new FlightInvalidArgumentError("write-commit needs \"path\": the dataset's flight path as an array of"
          + " strings");
    }
    List<String> parts = new ArrayList<>();
    for (Object p : list) {
      if (!(p instanceof String s)) {
        throw new FlightInvalidArgumentError("write-commit: \"path\" must be an array of strings");
      }
      parts.add(s);
    }
    String job = checkJob(m.get("job"));
    Mode mode = null;
    if (m.get("mode") instanceof String s) {
      for (Mode candidate : Mode.values()) {
        if (candidate.name().toLowerCase(Locale.ROOT).equals(s)) {
          mode = candidate;
        }
      }
    }
    if (mode == null) {
      throw new FlightInvalidArgumentError("write-commit needs \"mode\": \"append\", \"overwrite\" or \"create\", not "
          + Json.write(m.get("mode") == null ? Json.NULL : m.get("mode")));
    }
    List<String> files = null;
    if (m.containsKey("files")) {
      if (!(m.get("files") instanceof List<?> named)) {
        throw new FlightInvalidArgumentError("write-commit: \"files\" must be an array of staged file names");
      }
      files = new ArrayList<>();
      for (Object f : named) {
        if (!(f instanceof String s)) {
          throw new FlightInvalidArgumentError("write-commit: \"files\" must be an array of staged file names");
        }
        String name = s.endsWith(DirectoryPaths.UPLOAD_EXTENSION) ? s : s + DirectoryPaths.UPLOAD_EXTENSION;
        if (files.contains(name)) {
          // an append would place the first copy, then fail on the second
          throw new FlightInvalidArgumentError("write-commit: \"files\" names " + name + " twice");
        }
        files.add(name);
      }
    }
    return commit(parts, job, mode, files);
  }

  private String commit(List<String> parts, String job, Mode mode, List<String> files) throws IOException {
    Path target = paths.dirOf(parts);
    String shown = String.join("/", parts);
    if (parts.get(0).equals(STAGING_PATH)) {
      throw new FlightInvalidArgumentError("a dataset's path cannot start with " + STAGING_PATH);
    }
    if (DirectoryPaths.dataExtension(parts.get(parts.size() - 1)) != null) {
      throw new FlightInvalidArgumentError("a dataset's name has no data file extension: " + shown);
    }
    Path above = paths.datasetAbove(target);
    if (above != null) {
      throw new FlightInvalidArgumentError("cannot make a dataset inside the dataset " + paths.relative(above));
    }
    if (Files.exists(target) && !Files.isDirectory(target)) {
      throw new FlightInvalidArgumentError("cannot make the dataset " + shown + ": a file " + paths.relative(target)
          + " is in the way");
    }
    boolean dataset = DirectoryPaths.isDataset(target);
    if (!dataset && Files.isDirectory(target)) {
      throw new FlightInvalidArgumentError(shown + " is a directory of flights, not a dataset (it has no "
          + DirectoryPaths.DATASET_MARKER + " file)");
    }
    List<Path> oldFiles = new ArrayList<>();
    for (String ext : DirectoryPaths.EXTENSIONS) {
      Path f = target.resolveSibling(target.getFileName() + ext);
      if (Files.isRegularFile(f)) {
        oldFiles.add(f);
      }
    }
    if (mode == Mode.CREATE && (dataset || !oldFiles.isEmpty())) {
      throw new FlightAlreadyExistsError("flight " + shown + " exists (" + paths.relative(dataset ? target
          : oldFiles.get(0)) + "); mode create needs a new flight");
    }
    if (mode == Mode.APPEND && !oldFiles.isEmpty()) {
      throw new FlightInvalidArgumentError("cannot append to " + shown + ": it is a file (" + paths.relative(
          oldFiles.get(0)) + "), not a dataset; write it with mode overwrite to replace it by a dataset");
    }

    Path jobDir = staging.resolve(job);
    List<Path> staged = Files.isDirectory(jobDir) ? DirectoryPaths.datasetFiles(jobDir) : List.of();
    if (files != null) {
      List<Path> chosen = new ArrayList<>();
      for (String name : files) {
        Path f = jobDir.resolve(name);
        if (!f.getParent().equals(jobDir) || !staged.contains(f)) {
          throw new FlightInvalidArgumentError("write-commit: job " + job + " has no staged file " + name);
        }
        chosen.add(f);
      }
      staged = chosen;
    }
    long rows = checkSchemas(staged, dataset && mode == Mode.APPEND ? DirectoryPaths.datasetFiles(target) : List.of());

    if (mode == Mode.APPEND && dataset) {
      for (Path f : staged) {
        if (Files.exists(target.resolve(f.getFileName()))) {
          throw new FlightAlreadyExistsError("the dataset " + shown + " has a file " + f.getFileName()
              + " already: name the job's files uniquely");
        }
      }
      List<Path> placed = new ArrayList<>();
      Lock write = visibility.writeLock();
      write.lock();
      try {
        for (Path f : staged) {
          moveFile(f, target.resolve(f.getFileName()));
          placed.add(f);
        }
      } catch (IOException | RuntimeException e) {
        takeBack(target, placed, e);
        throw e;
      } finally {
        write.unlock();
      }
    } else {
      Path fresh = staging.resolve(FILLING + job);
      deleteTree(fresh);
      Files.createDirectories(fresh);
      Files.createFile(fresh.resolve(DirectoryPaths.DATASET_MARKER));
      boolean placed = false;
      try {
        for (Path f : staged) {
          moveFile(f, fresh.resolve(f.getFileName()));
        }
        paths.createDirectories(target.getParent(), parts);
        if (dataset) {
          Path old = staging.resolve(REPLACED + job);
          Path note = noteOf(old);
          deleteTree(old);
          Files.writeString(note, paths.relative(target));
          Lock write = visibility.writeLock();
          write.lock();
          try {
            replace(target, fresh, old);
            placed = true;
          } finally {
            write.unlock();
          }
          deleteAfterCommit(old, "the replaced dataset");
          deleteAfterCommit(note, "the note of where the replaced dataset was");
        } else {
          Lock write = visibility.writeLock();
          write.lock();
          try {
            move(fresh, target);
            placed = true;
            // the path without extension names the dataset now; the old file goes after
            for (Path f : oldFiles) {
              deleteAfterCommit(f, "the replaced file");
              stats.forget(f);
            }
          } finally {
            write.unlock();
          }
        }
      } finally {
        if (!placed) {
          putBack(fresh, staged);
        }
      }
      stats.forgetUnder(target);
      for (Path f : staged) {
        stats.moved(fresh.resolve(f.getFileName()), target.resolve(f.getFileName()));
      }
    }
    deleteAfterCommit(jobDir, "the job's staging directory");
    return Json.write(Json.object("path", shown, "files", staged.size(), "rows", rows));
  }

  /**
   * An overwrite's two renames (under the write lock): {@code target} away to {@code old}, then
   * {@code fresh} in. When the second fails, the old directory goes back; if that fails too, it
   * stays at {@code old}, whose note lets the next start put it back.
   */
  private void replace(Path target, Path fresh, Path old) throws IOException {
    try {
      move(target, old);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(noteOf(old));
      throw e;
    }
    try {
      move(fresh, target);
    } catch (IOException | RuntimeException e) {
      try {
        move(old, target);
        deleteQuietly(noteOf(old));
      } catch (IOException | RuntimeException back) {
        e.addSuppressed(back);
        LOG.error("write-commit: an overwrite failed, and the old dataset {} could not go back from {}: the server"
            + " puts it back when it starts again", paths.relative(target), old, back);
      }
      throw e;
    }
  }

  /**
   * Deletes what a commit leaves once its data is in place. Best effort: a failure (a file created
   * meanwhile, an NFS {@code .nfsXXXX} file, a concurrent delete) is logged, not answered, as the
   * commit has succeeded: a client told otherwise would retry it and add the data twice.
   */
  private void deleteAfterCommit(Path p, String what) {
    try {
      deleteTree(p);
    } catch (IOException | RuntimeException e) {
      LOG.warn("the change is made, but {} {} could not be deleted (it is hidden; delete it by hand)", what, p, e);
    }
  }

  /**
   * After an append failed halfway: the files it had placed in the dataset go back to where they
   * were staged, so that the commit changed nothing and can be made again. A file that cannot be
   * moved back is logged and stays in the dataset; its failure is added to {@code failure}.
   */
  private void takeBack(Path target, List<Path> placed, Exception failure) {
    for (int i = placed.size() - 1; i >= 0; i--) {
      Path f = placed.get(i);
      try {
        moveFile(target.resolve(f.getFileName()), f);
      } catch (IOException | RuntimeException e) {
        failure.addSuppressed(e);
        LOG.error("write-commit: a failed append could not take {} back out of {}: it stays there", f.getFileName(),
            target, e);
      }
    }
  }

  /**
   * After a failed commit: the job's files go back to where they were staged (best effort: a
   * file that cannot be moved back stays in {@code fresh}, which is then kept).
   */
  private void putBack(Path fresh, List<Path> staged) {
    boolean all = true;
    for (Path f : staged) {
      Path moved = fresh.resolve(f.getFileName());
      try {
        if (Files.exists(moved)) {
          moveFile(moved, f);
        }
      } catch (IOException | RuntimeException e) {
        all = false;
      }
    }
    if (all) {
      try {
        deleteTree(fresh);
      } catch (IOException ignored) {
        // a hidden leftover, removed by the job's abort
      }
    }
  }

  /**
   * Checks that the staged files and the dataset's files all have one schema.
   *
   * @return the staged files' rows
   */
  private long checkSchemas(List<Path> staged, List<Path> existing) throws IOException {
    Schema schema = null;
    Path first = null;
    long rows = 0;
    List<Path> all = new ArrayList<>(existing.isEmpty() ? List.of() : List.of(existing.get(0)));
    all.addAll(staged);
    for (Path f : all) {
      FileStats.Stats s;
      try {
        s = stats.get(f);
      } catch (IOException | RuntimeException e) {
        throw new FlightInternalError("cannot read " + paths.relative(f) + ": " + Failures.message(e));
      }
      if (schema == null) {
        schema = s.schema();
        first = f;
      } else if (!schema.equals(s.schema())) {
        throw new FlightInvalidArgumentError("the schema of " + paths.relative(f) + " differs from that of "
            + paths.relative(first) + ": a dataset's files have one schema\n" + s.schema() + "\n" + schema);
      }
      if (!existing.contains(f)) {
        rows += s.rows();
      }
    }
    return rows;
  }

  /**
   * The action {@code write-abort}: body {@code {"job": JOB}}. Deletes what the job staged.
   *
   * @return {@code {"job": JOB, "deleted": true}}, false when the job had nothing staged
   */
  synchronized String abort(String body) throws IOException {
    Map<?, ?> m = bodyObject(body, "write-abort", List.of("job"));
    String job = checkJob(m.get("job"));
    boolean any = Files.exists(staging.resolve(job));
    deleteTree(staging.resolve(job));
    deleteTree(staging.resolve(FILLING + job));
    return Json.write(Json.object("job", job, "deleted", any));
  }

  /**
   * Deletes a dataset: renamed out of sight first (under the write lock), so that it disappears at
   * once; deleting its files after that is best effort, as for a commit.
   */
  synchronized void deleteDataset(Path dir) throws IOException {
    Path old = staging.resolve(".deleted-" + Long.toHexString(System.nanoTime()));
    Files.createDirectories(staging);
    Lock write = visibility.writeLock();
    write.lock();
    try {
      move(dir, old);
    } finally {
      write.unlock();
    }
    stats.forgetUnder(dir);
    deleteAfterCommit(old, "the deleted dataset");
  }

  private static Map<?, ?> bodyObject(String body, String action, List<String> keys) {
    Object json;
    try {
      json = Json.parse(body);
    } catch (Json.ParseException e) {
      throw new FlightInvalidArgumentError(action + ": the body is not JSON: " + e.getMessage());
    }
    if (!(json instanceof Map<?, ?> m)) {
      throw new FlightInvalidArgumentError(action + ": the body is a JSON object with " + String.join(", ", keys));
    }
    for (Object key : m.keySet()) {
      if (!keys.contains(key)) {
        throw new FlightInvalidArgumentError(action + ": unknown key \"" + key + "\" (the body has "
            + String.join(", ", keys) + ")");
      }
    }
    return m;
  }

  /** Renames a file, never replacing one, and keeps its stats. */
  private void moveFile(Path from, Path to) throws IOException {
    move(from, to);
    stats.moved(from, to);
  }

  /** A rename that fails if {@code to} exists. */
  private void move(Path from, Path to) throws IOException {
    if (Files.exists(to)) {
      throw new FileAlreadyExistsException(to.toString());
    }
    ops.rename(from, to);
  }

  /** Deletes {@code dir} and everything in it; nothing when it does not exist. */
  private void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    List<Path> all = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(all::add);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    for (Path p : all) {
      ops.deleteIfExists(p);
    }
  }
}
