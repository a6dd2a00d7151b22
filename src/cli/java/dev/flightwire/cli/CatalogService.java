package dev.flightwire.cli;

import dev.flightwire.Action;
import dev.flightwire.ActionType;
import dev.flightwire.Criteria;
import dev.flightwire.FlightCallOptions;
import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightError;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInternalError;
import dev.flightwire.FlightMetadataWriter;
import dev.flightwire.FlightNotFoundError;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.FlightStreamWriter;
import dev.flightwire.FlightUnimplementedError;
import dev.flightwire.Location;
import dev.flightwire.Result;
import dev.flightwire.SchemaResult;
import dev.flightwire.ServerCallContext;
import dev.flightwire.Ticket;
import dev.flightwire.internal.util.CallbackThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code serve --shard ...}: a catalog of a dataset spread over several servers. It holds no data;
 * each of its shards is a server (or several identical replicas, see {@link Shard}) with its own
 * part of every flight, under the same descriptors. Every call is made to all shards at once, each
 * at its first replica that answers, and their answers are combined ({@link CombinedInfo}):
 *
 * <ul>
 *   <li>GetFlightInfo: one info with every shard's endpoints, each naming the locations of all the
 *       replicas of its shard; totals summed; the shards must agree on the schema (else INTERNAL,
 *       naming two shards that disagree). The descriptor (path or command) is forwarded as is;
 *       the shards refusing a scan command are asked for the scan's path, all at once
 *       ({@link #scanPath}).
 *   <li>GetSchema: the shards' common schema.
 *   <li>ListFlights: the shards' flights merged by descriptor, combined as for GetFlightInfo.
 *   <li>DoAction {@code list-shards}: the shards and their replicas as JSON. Any other action goes
 *       to every shard; the results are the shards' in shard order.
 *   <li>ListActions: {@code list-shards} and the actions of the shards that answer.
 *   <li>DoGet, DoPut, DoExchange: UNIMPLEMENTED, the data is at the shards.
 * </ul>
 *
 * <p>A shard answering NOT_FOUND (every replica reached said so, {@link Shard#call}) is left out:
 * it holds no part of that flight, or no file for that action. When every shard does, the call
 * fails with NOT_FOUND. Any other failure of a shard fails the call with the shard's status, the
 * message saying which shard; so does a shard none of whose replicas answers (UNAVAILABLE), as an
 * answer without it would silently lack its data. What is left of the caller's deadline is passed
 * on to each shard call.
 *
 * <h3>Threading</h3>
 * Calls run on the server's executor, many at once; each waits for its shard calls, made on a pool
 * of daemon threads owned by the service: threads are made as needed, up to
 * max(64, 4 x shards), and end after a minute idle; when all are busy, a shard call runs on the
 * catalog call's own thread. The shards' clients are shared by all calls. {@link #close()}
 * closes them.
 */
final class CatalogService extends FlightServerBase implements AutoCloseable {
  static final String LIST_SHARDS = "list-shards";

  private final List<Shard> shards;
  private final ThreadPoolExecutor pool;

  /** A catalog of {@code shards} (at least one), which it owns: {@link #close()} closes them. */
  CatalogService(List<Shard> shards) {
    if (shards.isEmpty()) {
      throw new IllegalArgumentException("a catalog needs at least one shard");
    }
    this.shards = List.copyOf(shards);
    this.pool = pool(shards.size());
  }

  /**
   * The shard calls' pool: at most {@link #maxThreads} daemon threads, made as needed and ended
   * after a minute idle, and no queue. When every thread is busy, a shard call runs on the thread
   * of the catalog call that makes it (the server's executor): a burst of calls slows down instead
   * of making threads without end. Once the pool is closed, shard calls are refused.
   */
  static ThreadPoolExecutor pool(int shards) {
    return new ThreadPoolExecutor(0, maxThreads(shards), 1, TimeUnit.MINUTES, new SynchronousQueue<>(),
        CallbackThreads.daemonThreads("flightwire-catalog"), (task, executor) -> {
          if (executor.isShutdown()) {
            throw new RejectedExecutionException("the catalog is closed");
          }
          task.run();
        });
  }

  /** Four calls' worth of threads for every shard, and at least 64. */
  static int maxThreads(int shards) {
    return Math.max(64, 4 * shards);
  }

  /** One shard's answer to a fanned-out call: a value, or the error it failed with. */
  private record Answer<T>(Shard shard, T value, FlightError error) {}

  /** Makes {@code call} at every shard at once; returns their answers in shard order. */
  private <T> List<Answer<T>> askAll(Shard.Call<T> call) {
    return ask(shards, call);
  }

  /** Makes {@code call} at each of {@code which} at once; returns their answers in that order. */
  private <T> List<Answer<T>> ask(List<Shard> which, Shard.Call<T> call) {
    List<CompletableFuture<T>> futures = new ArrayList<>();
    for (Shard s : which) {
      futures.add(CompletableFuture.supplyAsync(() -> s.call(call), pool));
    }
    List<Answer<T>> answers = new ArrayList<>();
    for (int i = 0; i < which.size(); i++) {
      Shard s = which.get(i);
      try {
        answers.add(new Answer<>(s, futures.get(i).join(), null));
      } catch (CompletionException e) {
        Throwable t = e.getCause();
        FlightError error = t instanceof FlightError ? (FlightError) t
            : new FlightInternalError("asking " + s.describe() + " failed: " + t, t);
        answers.add(new Answer<>(s, null, error));
      }
    }
    return answers;
  }

  /**
   * The answers of the shards that have {@code what}: NOT_FOUND answers are left out.
   *
   * @throws FlightError the first other failure, its message naming the shard
   * @throws FlightNotFoundError when every shard answered NOT_FOUND
   */
  private static <T> List<Answer<T>> found(List<Answer<T>> answers, String what) {
    List<Answer<T>> out = new ArrayList<>();
    for (Answer<T> a : answers) {
      if (a.error == null) {
        out.add(a);
      } else if (!(a.error instanceof FlightNotFoundError)) {
        throw fromShard(a.shard, a.error);
      }
    }
    if (out.isEmpty()) {
      Answer<T> first = answers.get(0);
      throw new FlightNotFoundError((answers.size() == 1 ? "the shard does not have " + what
          : "none of the " + answers.size() + " shards has " + what) + " (shard 1 says: "
          + first.error.getMessage() + ")");
    }
    return out;
  }

  /** {@code e} with the same status, its message prefixed by the shard's name. */
  private static FlightError fromShard(Shard shard, FlightError e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    if (m.startsWith(shard.describe())) {
      return e;
    }
    return FlightError.fromStatus(e.code().grpcCode(), shard.describe() + ": " + m, null, e);
  }

  /**
   * The caller's deadline, passed on to a shard call: what is left of it when that call starts
   * (after a first round of calls, or a first replica, took their time).
   */
  private static FlightCallOptions options(ServerCallContext context) {
    Duration left = context.timeRemaining();
    if (left == null) {
      return FlightCallOptions.DEFAULT;
    }
    return FlightCallOptions.timeout(left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left);
  }

  private List<CombinedInfo.Part> parts(List<Answer<FlightInfo>> answers) {
    List<CombinedInfo.Part> parts = new ArrayList<>();
    for (Answer<FlightInfo> a : answers) {
      parts.add(new CombinedInfo.Part("shard " + a.shard.number(), a.shard.locations(), a.value, false));
    }
    return parts;
  }

  @Override
  public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
    List<Answer<FlightInfo>> answers = askAll(c -> c.getFlightInfo(descriptor, options(context)));
    FlightDescriptor path = scanPath(descriptor);
    List<Answer<FlightInfo>> wide = new ArrayList<>();
    if (path != null) {
      // the shards that refused the scan are asked for its path, all at once
      List<Integer> refused = new ArrayList<>();
      List<Shard> again = new ArrayList<>();
      for (int i = 0; i < answers.size(); i++) {
        Answer<FlightInfo> a = answers.get(i);
        if (a.error != null && !unreachable(a.error)) {
          refused.add(i);
          again.add(a.shard);
        }
      }
      if (!again.isEmpty()) {
        answers = new ArrayList<>(answers);
        List<Answer<FlightInfo>> plain = ask(again, c -> c.getFlightInfo(path, options(context)));
        for (int j = 0; j < plain.size(); j++) {
          answers.set(refused.get(j), plain.get(j));
          if (plain.get(j).error == null) {
            wide.add(plain.get(j));
          }
        }
      }
    }
    List<Answer<FlightInfo>> found = found(answers, "flight " + Descriptors.text(descriptor));
    List<CombinedInfo.Part> parts = new ArrayList<>();
    for (Answer<FlightInfo> a : found) {
      parts.add(new CombinedInfo.Part("shard " + a.shard.number(), a.shard.locations(), a.value, wide.contains(a)));
    }
    return CombinedInfo.combine(descriptor, parts);
  }

  /**
   * The path of a scan command ({@code flightwire.scan}, README "serve --dir for engines"), or null
   * for any other descriptor. A shard that refuses the scan (pyarrow, say, knows no such command)
   * is asked for the path instead: its endpoints then send every column and row, which the scan's
   * readers pick their columns from and filter again, as the scan contract says they must.
   */
  private static FlightDescriptor scanPath(FlightDescriptor descriptor) {
    if (!descriptor.isCommand()) {
      return null;
    }
    try {
      return FlightDescriptor.forPath(Scan.parseCommand(descriptor.command()).path());
    } catch (FlightError notAScan) {
      return null;
    }
  }

  /** Failures that say the shard could not be asked, not that it refused the question. */
  private static boolean unreachable(FlightError e) {
    return switch (e.code()) {
      case UNAVAILABLE, UNAUTHENTICATED, UNAUTHORIZED, CANCELLED, TIMED_OUT -> true;
      default -> false;
    };
  }

  @Override
  public SchemaResult getSchema(ServerCallContext context, FlightDescriptor descriptor) {
    String what = "flight " + Descriptors.text(descriptor);
    List<Answer<SchemaResult>> answers = found(askAll(c -> c.getSchema(descriptor, options(context))), what);
    List<String> names = new ArrayList<>();
    List<Schema> schemas = new ArrayList<>();
    for (Answer<SchemaResult> a : answers) {
      names.add("shard " + a.shard.number());
      schemas.add(a.value.schema());
    }
    CombinedInfo.checkSameFields(Descriptors.text(descriptor), names, schemas);
    return answers.get(0).value;
  }

  @Override
  public Iterable<FlightInfo> listFlights(ServerCallContext context, Criteria criteria) {
    List<CombinedInfo.Part> parts = new ArrayList<>();
    for (Answer<List<FlightInfo>> a : askAll(c -> c.listFlights(criteria, options(context)).toList())) {
      if (a.error != null) {
        throw fromShard(a.shard, a.error);
      }
      for (FlightInfo info : a.value) {
        parts.add(new CombinedInfo.Part("shard " + a.shard.number(), a.shard.locations(), info, false));
      }
    }
    return CombinedInfo.merge(parts);
  }

  @Override
  public Iterable<ActionType> listActions(ServerCallContext context) {
    Map<String, ActionType> actions = new LinkedHashMap<>();
    actions.put(LIST_SHARDS,
        new ActionType(LIST_SHARDS, "the catalog's shards and their replicas' locations, as JSON"));
    for (Answer<List<ActionType>> a : askAll(c -> c.listActions(options(context)).toList())) {
      if (a.value != null) {
        for (ActionType t : a.value) {
          actions.putIfAbsent(t.type(), t);
        }
      }
    }
    return List.copyOf(actions.values());
  }

  @Override
  public Iterable<Result> doAction(ServerCallContext context, Action action) {
    if (action.type().equals(LIST_SHARDS)) {
      return List.of(Result.of(layout()));
    }
    List<Result> out = new ArrayList<>();
    for (Answer<List<Result>> a : found(askAll(c -> c.doAction(action, options(context)).toList()),
        "what action " + action.type() + " asks for")) {
      out.addAll(a.value);
    }
    return out;
  }

  /**
   * The answer of {@code list-shards}: {@code {"shards":[{"shard":1,"replicas":["grpc+tcp://...",
   * ...]}, ...]}}, shards in the order of the command line, numbered from 1.
   */
  String layout() {
    StringBuilder sb = new StringBuilder("{\"shards\":[");
    for (int i = 0; i < shards.size(); i++) {
      Shard s = shards.get(i);
      sb.append(i == 0 ? "" : ",").append("{\"shard\":").append(s.number()).append(",\"replicas\":[");
      List<Location> replicas = s.locations();
      for (int j = 0; j < replicas.size(); j++) {
        sb.append(j == 0 ? "" : ",").append(jsonString(replicas.get(j).uri()));
      }
      sb.append("]}");
    }
    return sb.append("]}").toString();
  }

  private static String jsonString(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      if (ch == '"' || ch == '\\') {
        sb.append('\\').append(ch);
      } else if (ch < 0x20) {
        sb.append(String.format("\\u%04x", (int) ch));
      } else {
        sb.append(ch);
      }
    }
    return sb.append('"').toString();
  }

  @Override
  public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
    throw new FlightUnimplementedError("the catalog holds no data: read the endpoints' locations (GetFlightInfo"
        + " names them)");
  }

  @Override
  public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
      FlightMetadataWriter writer) {
    throw new FlightUnimplementedError("the catalog holds no data: upload to a shard's server (action "
        + LIST_SHARDS + " lists them)");
  }

  @Override
  public void doExchange(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
      FlightStreamWriter writer) {
    throw new FlightUnimplementedError("the catalog holds no data: exchange with a shard's server (action "
        + LIST_SHARDS + " lists them)");
  }

  /** Closes the shards' clients and stops the pool; for after the server has shut down. */
  @Override
  public void close() {
    pool.shutdownNow();
    for (Shard s : shards) {
      s.close();
    }
  }
}
