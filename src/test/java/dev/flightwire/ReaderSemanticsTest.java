package dev.flightwire;

import dev.flightwire.testing.LocalPair;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.testing.Int64Data;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What code ported from Arrow Java expects of a reader: {@code root()} and {@code schema()} wait
 * for the schema (within the call's deadline, and throwing the call's error when it fails first);
 * a chunk kept past the next read fails loudly unless kept with {@code keep()}, which stays
 * valid; and {@code cancel()} from another thread publishes only through volatile state.
 */
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(dev.flightwire.testing.TestTransport.class)
class ReaderSemanticsTest {
  @org.junit.jupiter.params.Parameter
  dev.flightwire.testing.TestTransport transport;

  private LocalPair pair;
  private BufferAllocator serverAlloc;
  private BufferAllocator clientAlloc;
  private FlightServer server;
  private FlightClient client;
  private final CountDownLatch serverCancelled = new CountDownLatch(1);
  private final CountDownLatch handlerStarted = new CountDownLatch(1);

  /**
   * DoGet {@code slow}: the schema after 300 ms, then three batches of 10 rows (0..29), each with
   * metadata "0", "1", "2". {@code missing}: fails with NOT_FOUND before the schema. {@code stall}:
   * no schema until the call is cancelled.
   */
  private final class Service extends FlightServerBase {
    @Override
    public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
      String mode = new String(ticket.ticket(), StandardCharsets.UTF_8);
      context.onCancel(serverCancelled::countDown);
      handlerStarted.countDown();
      switch (mode) {
        case "missing":
          throw new FlightNotFoundError("no such flight");
        case "stall":
          return new FlightDataStream() {
            @Override
            public Schema schema() {
              try {
                serverCancelled.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return Int64Data.SCHEMA;
            }

            @Override
            public FlightStreamChunk next() {
              return null;
            }

            @Override
            public void close() {}
          };
        default:
          return new FlightDataStream() {
            private int sent;
            private VectorSchemaRoot batch;

            @Override
            public Schema schema() {
              sleep(300);
              return Int64Data.SCHEMA;
            }

            @Override
            public FlightStreamChunk next() {
              if (batch != null) {
                batch.close();
              }
              if (sent == 3) {
                batch = null;
                return null;
              }
              batch = Int64Data.batch(serverAlloc, sent * 10L, 10);
              byte[] md = Integer.toString(sent++).getBytes(StandardCharsets.UTF_8);
              return FlightStreamChunk.of(batch, md);
            }

            @Override
            public void close() {
              if (batch != null) {
                batch.close();
              }
            }
          };
      }
    }
  }

  private static void sleep(long ms) {
    LocalPair.sleep(ms);
  }

  @BeforeEach
  void start() throws Exception {
    pair = LocalPair.start(transport, alloc -> {
      serverAlloc = alloc;
      return new Service();
    }, b -> b, o -> o);
    server = pair.server();
    client = pair.client();
    clientAlloc = pair.clientAllocator();
  }

  @AfterEach
  void stop() {
    pair.close();
  }

  private static Ticket ticket(String mode) {
    return new Ticket(mode.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void rootWaitsForTheSchema() {
    try (FlightStreamReader reader = client.doGet(ticket("slow"))) {
      assertFalse(reader.hasSchema());
      VectorSchemaRoot r = reader.root();
      assertNotNull(r, "root() waits for the schema instead of answering null");
      assertTrue(reader.hasSchema());
      assertEquals(Int64Data.SCHEMA, r.getSchema());
      assertEquals(0, r.getRowCount());
      assertEquals(30, Int64Data.readAll(reader));
    }
  }

  @Test
  void rootAndSchemaThrowTheErrorOfACallThatFailedBeforeTheSchema() {
    try (FlightStreamReader reader = client.doGet(ticket("missing"))) {
      assertThrows(FlightNotFoundError.class, reader::root);
      assertThrows(FlightNotFoundError.class, reader::schema);
    }
  }

  @Test
  void rootHonoursTheDeadline() throws Exception {
    FlightCallOptions opts = FlightCallOptions.builder().timeout(Duration.ofMillis(200)).build();
    try (FlightStreamReader reader = client.doGet(ticket("stall"), opts)) {
      long t0 = System.nanoTime();
      assertThrows(FlightTimedOutError.class, reader::root);
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
    }
    assertTrue(serverCancelled.await(5, TimeUnit.SECONDS));
  }

  @Test
  void aChunkKeptPastTheNextReadFailsLoudlyAndKeepMakesItLast() {
    List<FlightStreamChunk> kept = new ArrayList<>();
    try (FlightStreamReader reader = client.doGet(ticket("slow"))) {
      Iterator<FlightStreamChunk> it = reader.iterator();
      FlightStreamChunk first = it.next();
      assertEquals(0L, ((BigIntVector) first.data().getVector(0)).get(0));
      kept.add(first.keep());
      FlightStreamChunk second = it.next();
      IllegalStateException e = assertThrows(IllegalStateException.class, first::data,
          "a borrowed chunk no longer shows data once the reader moved on");
      assertTrue(e.getMessage().contains("keep()"), e.getMessage());
      assertArrayEquals("0".getBytes(StandardCharsets.UTF_8), first.appMetadata(), "metadata stays");
      kept.add(second.keep());
      for (FlightStreamChunk c : reader) {
        kept.add(c.keep());
      }
    }
    try {
      assertEquals(3, kept.size());
      for (int i = 0; i < 3; i++) {
        VectorSchemaRoot r = kept.get(i).data();
        assertEquals(10, r.getRowCount());
        BigIntVector n = (BigIntVector) r.getVector(0);
        for (int j = 0; j < 10; j++) {
          assertEquals(i * 10L + j, n.get(j), "kept chunk " + i + " row " + j);
        }
        assertArrayEquals(Integer.toString(i).getBytes(StandardCharsets.UTF_8), kept.get(i).appMetadata());
      }
    } finally {
      kept.forEach(FlightStreamChunk::close);
    }
  }

  @Test
  void cancelFromAnotherThreadWritesOnlyVolatileFields() throws Exception {
    FlightStreamReader reader = client.doGet(ticket("stall"));
    try {
      assertTrue(handlerStarted.await(5, TimeUnit.SECONDS));
      Map<Field, Object> before = snapshot(reader);
      Thread other = new Thread(reader::cancel);
      other.start();
      other.join(5_000);
      Map<Field, Object> after = snapshot(reader);
      List<String> unsafe = new ArrayList<>();
      for (Field f : before.keySet()) {
        if (!java.util.Objects.equals(before.get(f), after.get(f)) && !Modifier.isVolatile(f.getModifiers())) {
          unsafe.add(f.getName());
        }
      }
      assertTrue(unsafe.isEmpty(), "cancel() wrote non-volatile fields " + unsafe);
      FlightCancelledError e = assertThrows(FlightCancelledError.class, reader::next);
      assertNotNull(e.getMessage());
      assertInstanceOf(FlightCancelledError.class, assertThrows(FlightError.class, reader::root));
    } finally {
      reader.close();
    }
    assertTrue(serverCancelled.await(5, TimeUnit.SECONDS), "the server saw the call cancelled");
  }

  private static Map<Field, Object> snapshot(FlightStreamReader reader) throws IllegalAccessException {
    Map<Field, Object> values = new HashMap<>();
    for (Field f : FlightStreamReader.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) || Modifier.isFinal(f.getModifiers())) {
        continue;
      }
      f.setAccessible(true);
      values.put(f, f.get(reader));
    }
    return values;
  }
}
