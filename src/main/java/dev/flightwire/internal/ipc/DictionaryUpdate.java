package dev.flightwire.internal.ipc;

import org.apache.arrow.vector.FieldVector;

/**
 * One dictionary batch of a stream as it was received or is to be sent: the dictionary's id, its
 * values, and whether they replace the dictionary or extend it (a delta).
 *
 * @param id the dictionary id the schema's fields refer to
 * @param values the values; owned by whoever holds the update (a {@code ChunkedTable})
 * @param delta true when the values are appended to the dictionary, false when they replace it
 */
public record DictionaryUpdate(long id, FieldVector values, boolean delta) {}
