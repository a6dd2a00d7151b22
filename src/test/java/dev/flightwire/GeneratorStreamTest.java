package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/** A call that ends early (cancelled) must not leak the owned chunks a list-backed stream did not send. */
class GeneratorStreamTest {
  @Test
  void unsentOwnedChunksAreClosedWithTheStream() throws Exception {
    try (BufferAllocator allocator = new RootAllocator()) {
      GeneratorStream stream = new GeneratorStream(TestData.INTS, List.of(
          FlightStreamChunk.owning(TestData.batch(allocator, 0, 10), null),
          FlightStreamChunk.owning(TestData.batch(allocator, 10, 10), null),
          FlightStreamChunk.of(null, new byte[] {1})));
      FlightStreamChunk first = stream.next();
      first.data().close(); // what the server does after sending it
      stream.close();
      assertEquals(0, allocator.getAllocatedMemory());
    }
  }
}
