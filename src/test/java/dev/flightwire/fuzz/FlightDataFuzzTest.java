package dev.flightwire.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;

/**
 * Arbitrary bytes as a stream of FlightData messages: each goes through
 * {@code FlightDataDecoder.decode} and {@code IpcStreamReader.apply}, optionally after a valid
 * Schema message (so that batch and dictionary headers are reached from raw bytes too).
 * Failures must be a GrpcStatusException, INTERNAL from the decoder (malformed protobuf) or
 * INVALID_ARGUMENT (a data_header that is no IPC flatbuffer, or a stream that breaks the IPC rules); a batch
 * the reader accepts must read back completely; nothing may stay allocated, in Arrow or Netty.
 */
class FlightDataFuzzTest {
  @FuzzTest
  void decodeAndApply(FuzzedDataProvider data) {
    boolean direct = data.consumeBoolean();
    boolean withSchema = data.consumeBoolean();
    int count = data.consumeInt(1, 4);
    List<byte[]> messages = new ArrayList<>();
    if (withSchema) {
      messages.add(IpcFixtures.schemaMessage());
    }
    for (int i = 0; i < count - 1; i++) {
      messages.add(data.consumeBytes(data.consumeInt(0, 4096)));
    }
    messages.add(data.consumeRemainingAsBytes());

    IpcFixtures.decodeAndApply(messages, direct);
  }
}
