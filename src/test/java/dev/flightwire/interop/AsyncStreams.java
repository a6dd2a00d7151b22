package dev.flightwire.interop;

import dev.flightwire.DoPutStreams;
import dev.flightwire.FlightCallOptions;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightStreamChunk;
import dev.flightwire.FlightStreamWriter;
import dev.flightwire.Ticket;
import dev.flightwire.testing.ChunkSubscriber;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The asynchronous client calls of {@link ConformanceChecks} in {@link ConformanceChecks.Mode#ASYNC}:
 * a DoGet publisher read by a subscriber, and uploads written from {@code onReady}.
 */
final class AsyncStreams {
  /** How long a check waits for an asynchronous call (calls have a 30 s deadline of their own). */
  static final long AWAIT_SECONDS = 60;

  private AsyncStreams() {}

  /**
   * The value of an asynchronous call, waited for on the check's thread (never a thread of the
   * client). What the call failed with is thrown as it is.
   */
  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(AWAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException(cause);
    } catch (TimeoutException e) {
      future.cancel(false);
      throw new AssertionError("the asynchronous call did not complete within " + AWAIT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for an asynchronous call", e);
    }
  }

  /**
   * The batches a DoGet publisher delivered, owned (each shares the received buffers), the
   * schema they had, and the dictionaries the last of them carried
   * ({@code FlightStreamChunk.dictionaries()}). The publisher does not show the schema of a
   * stream without batches; {@link #toTable} takes it from elsewhere.
   */
  static final class Published implements AutoCloseable {
    private final List<VectorSchemaRoot> batches = new ArrayList<>();
    private Schema schema;
    private DictionaryProvider.MapDictionaryProvider dictionaries;

    /** Keeps the dictionaries a chunk carried (taken over), replacing those of earlier chunks. */
    void dictionaries(Schema of, DictionaryProvider provider, BufferAllocator allocator) {
      if (provider == null || StoredTable.dictionaryIds(of).isEmpty()) {
        return;
      }
      DictionaryProvider.MapDictionaryProvider taken = StoredTable.takeDictionaries(of, provider, allocator);
      if (dictionaries != null) {
        dictionaries.close();
      }
      dictionaries = taken;
    }

    /** Takes the batch of a chunk (buffers shared). */
    void add(VectorSchemaRoot batch, BufferAllocator allocator) {
      if (schema == null) {
        schema = batch.getSchema();
      } else if (!schema.equals(batch.getSchema())) {
        throw new AssertionError("a batch's schema changed within the stream: " + batch.getSchema() + " after "
            + schema);
      }
      batches.add(StoredTable.takeBatch(schema, batch, allocator));
    }

    /** The schema of the batches (Arrow's in-memory form, with metadata), or null when none came. */
    Schema schema() {
      return schema;
    }

    /**
     * The table, taking over the batches.
     *
     * @param schemaOfEmpty the schema to use when no batch came
     * @param missingDictionaries the dictionaries of a schema with dictionary-encoded fields when
     *     no chunk carried them (owned by the table)
     */
    StoredTable toTable(Supplier<Schema> schemaOfEmpty,
        Function<Schema, DictionaryProvider.MapDictionaryProvider> missingDictionaries) {
      try {
        Schema s = schema != null ? schema : schemaOfEmpty.get();
        DictionaryProvider.MapDictionaryProvider d = StoredTable.dictionaryIds(s).isEmpty() ? null
            : dictionaries != null ? dictionaries : missingDictionaries.apply(s);
        dictionaries = null;
        StoredTable t = new StoredTable(s, batches, d);
        batches.clear();
        return t;
      } finally {
        close();
      }
    }

    @Override
    public void close() {
      batches.forEach(VectorSchemaRoot::close);
      batches.clear();
      if (dictionaries != null) {
        dictionaries.close();
        dictionaries = null;
      }
    }
  }

  /**
   * DoGet through the publisher of {@code doGetAsync}: collects the batches, handing each chunk
   * to {@code hook} as {@link StoredTable#read} does. Completes on the client's callback executor.
   */
  static CompletableFuture<Published> publish(FlightClient client, Ticket ticket, FlightCallOptions options,
      BufferAllocator allocator, StoredTable.ChunkHook hook) {
    Published parts = new Published();
    int[] index = {0};
    ChunkSubscriber s = new ChunkSubscriber(chunk -> {
      if (chunk.data() != null) {
        parts.dictionaries(chunk.data().getSchema(), chunk.dictionaries(), allocator);
        parts.add(chunk.data(), allocator);
      }
      if (hook != null) {
        hook.onChunk(index[0], chunk.data() != null, chunk.appMetadata());
      }
      index[0]++;
      return true;
    });
    client.doGetAsync(ticket, options).subscribe(s);
    return s.done.handle((v, e) -> {
      if (e != null) {
        parts.close();
        if (e instanceof Error) {
          throw (Error) e;
        }
        throw e instanceof RuntimeException ? (RuntimeException) e : new IllegalStateException(e);
      }
      return parts;
    });
  }

  /**
   * Writes a whole upload from the writer's {@code onReady}: the schema and dictionaries, then each
   * batch with {@code writeBatchAsync} while the writer is ready, then {@code doneWriting()}.
   * Returns the call's result once every write future completed too; a failure of the handler
   * cancels the upload and fails the result with that failure.
   *
   * @param batches borrowed until the returned future completes
   */
  static CompletableFuture<Void> writeFromOnReady(DoPutStreams put, Schema schema, DictionaryProvider dictionaries,
      List<VectorSchemaRoot> batches) {
    FlightStreamWriter w = put.writer();
    if (!w.isNonBlocking()) {
      throw new AssertionError("the writer of doPutAsync blocks");
    }
    Iterator<VectorSchemaRoot> next = batches.iterator();
    List<CompletableFuture<Void>> writes = new ArrayList<>();
    CompletableFuture<Void> handler = new CompletableFuture<>();
    boolean[] begun = {false};
    w.onReady(() -> {
      if (handler.isDone()) {
        return;
      }
      try {
        if (!begun[0]) {
          begun[0] = true;
          w.begin(schema, dictionaries);
        }
        while (w.isReady() && next.hasNext()) {
          writes.add(w.writeBatchAsync(next.next()));
        }
        if (!next.hasNext()) {
          w.doneWriting();
          w.onReady(null);
          handler.complete(null);
        }
      } catch (RuntimeException | Error e) {
        handler.completeExceptionally(e);
        w.abort(e);
      }
    });
    return handler.thenCompose(v -> CompletableFuture.allOf(writes.toArray(new CompletableFuture<?>[0])))
        .thenCompose(v -> put.result());
  }
}
