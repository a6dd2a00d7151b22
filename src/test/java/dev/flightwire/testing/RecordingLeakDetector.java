package dev.flightwire.testing;

import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Netty's leak detector, recording every leak it reports so that {@link NettyLeakGuard} can fail
 * the test class in which it was found. Installed with
 * {@code -Dio.netty.customResourceLeakDetector=dev.flightwire.testing.RecordingLeakDetector}
 * (the pom's surefire configuration), next to paranoid leak detection.
 */
public class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {
  static final List<String> LEAKS = new CopyOnWriteArrayList<>();

  public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
    super(resourceType, samplingInterval, maxActive);
  }

  public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
    super(resourceType, samplingInterval);
  }

  @Override
  protected void reportTracedLeak(String resourceType, String records) {
    LEAKS.add(resourceType + " leaked:" + records);
    super.reportTracedLeak(resourceType, records);
  }

  @Override
  protected void reportUntracedLeak(String resourceType) {
    LEAKS.add(resourceType + " leaked (no access records)");
    super.reportUntracedLeak(resourceType);
  }
}
