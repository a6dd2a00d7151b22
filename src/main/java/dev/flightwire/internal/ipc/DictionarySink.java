package dev.flightwire.internal.ipc;

/** Receives the dictionary batches an {@link IpcStreamReader} applies, while it records. */
@FunctionalInterface
public interface DictionarySink {
  /**
   * @param update the batch's values, loaded into a vector of their own that shares the message
   *     body; the sink takes ownership of it
   */
  void accept(DictionaryUpdate update);
}
