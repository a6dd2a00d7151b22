/**
 * Apache Arrow Flight RPC over gRPC on Netty HTTP/2: {@link dev.flightwire.FlightClient},
 * {@link dev.flightwire.FlightServer} and the Flight value types, with the authentication
 * ({@code dev.flightwire.auth}) and middleware ({@code dev.flightwire.middleware}) interfaces, and
 * Flight SQL's client, server framework and values ({@code dev.flightwire.sql}).
 *
 * <p>On the module path Arrow needs {@code --add-opens java.base/java.nio=org.apache.arrow.memory.core},
 * and the application picks Arrow's allocation manager: arrow-memory-core finds it by class name,
 * so its module must be in the module graph ({@code requires org.apache.arrow.memory.unsafe} or
 * {@code org.apache.arrow.memory.netty} in the application's module, or {@code --add-modules}).
 * The library requires none.
 * Netty's native epoll transport and BoringSSL are found only when their modules are resolved,
 * for example with {@code --add-modules io.netty.transport.epoll.linux.x86_64,}
 * {@code io.netty.tcnative.classes.openssl,io.netty.internal.tcnative.openssl.linux.x86_64}
 * (or the {@code linux.aarch_64}, {@code osx.x86_64}, {@code osx.aarch_64} ones); otherwise, and
 * under the system property {@code flightwire.native=false}, the NIO transport and the JDK's TLS
 * serve. Spans are reported through OpenTelemetry
 * only when the application resolves the {@code io.opentelemetry.api} module.
 */
module dev.flightwire {
  exports dev.flightwire;
  exports dev.flightwire.auth;
  exports dev.flightwire.middleware;
  exports dev.flightwire.sql;
  // the command line (module dev.flightwire.cli, built beside the library from src/cli/java) shares
  // the IPC helpers and the transport's name; no other module may read them
  exports dev.flightwire.internal.ipc to dev.flightwire.cli;
  exports dev.flightwire.internal.util to dev.flightwire.cli;

  // Arrow types are in the public API (BufferAllocator, VectorSchemaRoot, Schema, DictionaryProvider)
  requires transitive org.apache.arrow.memory.core;
  requires transitive org.apache.arrow.vector;
  // internal.ipc reads the flatbuffers messages. Arrow's own descriptors require the file-name
  // module flatbuffers.java, hence maven-compiler-plugin's automodule warning (DESIGN.md section 7)
  requires org.apache.arrow.format;
  requires org.apache.arrow.compression;
  requires org.apache.commons.compress;
  requires org.lz4.java;

  // EventLoopGroup (a Netty transport type, extending io.netty.common's EventExecutorGroup) is in
  // the public API: FlightClientOptions.eventLoopGroup
  requires transitive io.netty.common;
  requires io.netty.buffer;
  requires transitive io.netty.transport;
  requires io.netty.transport.unix.common;
  requires io.netty.transport.classes.epoll;
  requires io.netty.codec;
  requires io.netty.codec.http2;
  requires io.netty.handler;

  // Automatic-Module-Name of protobuf-javalite. Its reflection on internal.proto needs no opens:
  // it reads fields through Unsafe offsets (NamedModuleIT runs calls on the module path)
  requires com.google.protobuf;
  requires org.slf4j;
  requires java.naming;

  // optional: internal.tracing uses it only when the module is resolved (OtelPresence)
  requires static io.opentelemetry.api;
  requires static io.opentelemetry.context;
}
