package dev.flightwire.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reported a leaked buffer while it ran. Registered for every test
 * class through JUnit's extension auto-detection (src/test/resources). Netty notices a leak only
 * after the buffer was garbage-collected and a new buffer is tracked, so the check collects
 * garbage and allocates a few buffers first.
 */
public final class NettyLeakGuard implements AfterAllCallback {
  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    List<String> leaks = collectLeaks();
    if (!leaks.isEmpty()) {
      throw new AssertionError("Netty reported " + leaks.size() + " leaked buffer(s) during "
          + context.getDisplayName() + ":\n" + String.join("\n\n", leaks));
    }
  }

  /**
   * Makes Netty report the leaks it can see now (collects garbage, tracks a few new buffers) and
   * returns every leak {@link RecordingLeakDetector} recorded since the last call. Empty when the
   * detector is not installed.
   */
  public static List<String> collectLeaks() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
      List<ByteBuf> probes = new ArrayList<>();
      for (int j = 0; j < 8; j++) {
        probes.add(PooledByteBufAllocator.DEFAULT.directBuffer(16));
        probes.add(UnpooledByteBufAllocator.DEFAULT.heapBuffer(16));
      }
      probes.forEach(ByteBuf::release);
    }
    List<String> leaks = new ArrayList<>(RecordingLeakDetector.LEAKS);
    RecordingLeakDetector.LEAKS.removeAll(leaks);
    return leaks;
  }
}
