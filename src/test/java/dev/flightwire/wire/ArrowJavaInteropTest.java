package dev.flightwire.wire;

import java.util.List;

/** Arrow Java flight-core 18.3.0 (grpc-java, its own JVM and Netty) against flightwire, both directions. */
class ArrowJavaInteropTest extends PeerPairTest {
  @Override
  String stack() {
    return "Arrow Java";
  }

  @Override
  List<String> serverCommand() {
    return List.of("bash", WireEnv.javaPeerRun().toString(), "server");
  }

  @Override
  List<String> clientCommand() {
    return List.of("bash", WireEnv.javaPeerRun().toString(), "client");
  }
}
