package dev.flightwire.sql;

import dev.flightwire.Action;
import dev.flightwire.DoPutStreams;
import dev.flightwire.FlightCallOptions;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInternalError;
import dev.flightwire.Result;
import dev.flightwire.ResultStream;
import dev.flightwire.SchemaResult;
import dev.flightwire.internal.sql.SqlPutResults;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Flight calls that {@link FlightSqlClient} and {@link PreparedStatement} are made of: a
 * command as a descriptor, an action expecting a given number of results, a DoPut answered by
 * one PutResult. Borrows the {@link FlightClient}. Thread-safe as the client is.
 */
final class SqlCalls {
  private final FlightClient client;

  SqlCalls(FlightClient client) {
    this.client = client;
  }

  FlightClient client() {
    return client;
  }

  /**
   * One set of call options from the varargs of the public methods: none gives the default, one
   * is used as is, several are merged (headers of all in order, the last timeout set).
   */
  static FlightCallOptions merge(FlightCallOptions... options) {
    if (options == null || options.length == 0) {
      return FlightCallOptions.DEFAULT;
    }
    if (options.length == 1) {
      return options[0] == null ? FlightCallOptions.DEFAULT : options[0];
    }
    FlightCallOptions.Builder b = FlightCallOptions.builder();
    for (FlightCallOptions o : options) {
      if (o != null) {
        b.headers(o.headers());
        if (o.timeout() != null) {
          b.timeout(o.timeout());
        }
      }
    }
    return b.build();
  }

  static FlightDescriptor descriptor(FlightSqlCommand command) {
    return FlightDescriptor.forCommand(command.toBytes());
  }

  FlightInfo info(FlightSqlCommand command, FlightCallOptions... options) {
    return client.getFlightInfo(descriptor(command), merge(options));
  }

  SchemaResult schema(FlightSqlCommand command, FlightCallOptions... options) {
    return client.getSchema(descriptor(command), merge(options));
  }

  /**
   * Runs an action and reads all its results.
   *
   * @param expected the number of results the protocol prescribes for this action, or -1 to take
   *     any number (an action whose results carry nothing, read and ignored as Arrow Java does, or
   *     one whose caller checks the count itself)
   * @return the results' bodies
   * @throws FlightInternalError naming the action when the server sent another number
   */
  List<byte[]> action(String type, byte[] body, int expected, FlightCallOptions... options) {
    List<byte[]> bodies = new ArrayList<>();
    try (ResultStream<Result> results = client.doAction(new Action(type, body), merge(options))) {
      for (Result r : results) {
        bodies.add(r.body());
      }
    }
    if (expected >= 0 && bodies.size() != expected) {
      throw new FlightInternalError("the server answered the Flight SQL action " + type + " with "
          + bodies.size() + " results; the protocol says " + expected);
    }
    return bodies;
  }

  /**
   * Parses the result of action {@code type}.
   *
   * @throws FlightInternalError naming the action when the result is malformed
   */
  static <T> T parse(String type, byte[] result, java.util.function.Function<byte[], T> parser) {
    try {
      return parser.apply(result);
    } catch (dev.flightwire.FlightInvalidArgumentError e) {
      throw new FlightInternalError("malformed result of the Flight SQL action " + type + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks an id the server issued.
   *
   * @throws FlightInternalError naming the action when it is empty
   */
  static byte[] nonEmpty(String type, byte[] id) {
    if (id.length == 0) {
      throw new FlightInternalError("the server answered the Flight SQL action " + type + " with an empty id");
    }
    return id;
  }

  /** An action answered by exactly one result: its body. */
  byte[] singleResult(String type, byte[] body, FlightCallOptions... options) {
    return action(type, body, 1, options).get(0);
  }

  /**
   * A DoPut of {@code command} whose upload {@code write} sends (or nothing but the schema), then
   * ends; returns the app_metadata of the server's first PutResult, or null when it sent none.
   * The call is complete (its status checked) when this returns.
   */
  byte[] put(FlightSqlCommand command, Schema schema, Consumer<DoPutStreams> write, FlightCallOptions... options) {
    try (DoPutStreams put = client.doPut(descriptor(command), schema, merge(options))) {
      write.accept(put);
      put.writer().doneWriting();
      byte[] first = put.reader().read();
      put.complete();
      return first;
    }
  }

  /** A DoPut answered by a {@code DoPutUpdateResult}: its record count. */
  long update(FlightSqlCommand command, Schema schema, Consumer<DoPutStreams> write, FlightCallOptions... options) {
    String call = "the DoPut of " + command.getClass().getSimpleName();
    byte[] metadata = put(command, schema, write, options);
    if (metadata == null) {
      throw new FlightInternalError("the server answered " + call + " without a DoPutUpdateResult");
    }
    return SqlPutResults.recordCount(metadata, call);
  }
}
