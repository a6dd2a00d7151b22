package dev.flightwire.wire;

import java.util.List;
import java.util.Set;

/** pyarrow 25 (Arrow C++ Flight on gRPC C++) against flightwire, both directions. */
class PyarrowInteropTest extends PeerPairTest {
  @Override
  String stack() {
    return "pyarrow";
  }

  @Override
  List<String> serverCommand() {
    return List.of(WireEnv.python(), WireEnv.wireTests().resolve("python/peer_server.py").toString());
  }

  @Override
  List<String> clientCommand() {
    return List.of(WireEnv.python(), WireEnv.wireTests().resolve("python/peer_client.py").toString());
  }

  /** pyarrow cannot raise ALREADY_EXISTS from Python. */
  @Override
  Set<String> errorKindsTheyCannotRaise() {
    return Set.of("already_exists");
  }
}
