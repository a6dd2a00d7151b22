package dev.flightwire;

import dev.flightwire.internal.ipc.DictionaryUpdate;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One message of a data stream: a record batch, application metadata, or both. Readers return
 * chunks ({@link FlightStreamReader#readChunk()}); a server's {@link FlightDataStream} returns
 * them to be sent.
 *
 * <p>Ownership: a chunk read from a {@link FlightStreamReader} (by {@code readChunk()} or its
 * iterator) borrows the reader's root, valid until the next read: after it, {@link #data()}
 * throws {@link IllegalStateException} instead of showing the next batch's rows. {@link #keep()}
 * returns an owned chunk that stays valid (it shares the received buffers, no copy). A chunk made with {@link #of} lends its root to the stream that sends it:
 * the root must stay open and unchanged until the server asks for the next chunk, and its buffers
 * must not be written to while they may still be in flight (see {@link FlightDataStream}). One
 * made with {@link #owning} hands the root over, and the server closes it after the send, whether
 * or not that succeeded. The metadata array is not copied.
 */
public final class FlightStreamChunk implements AutoCloseable {
  private final VectorSchemaRoot data;
  private final byte[] appMetadata;
  private final boolean owned;
  /** Dictionary batches to send before this chunk (a replayed {@link ChunkedTable}); borrowed. */
  private final List<DictionaryUpdate> dictionariesBefore;
  private volatile boolean closed;
  /** The reader whose root a read chunk borrows, and its read count then; null otherwise. */
  private final FlightStreamReader lender;
  private final long lentAt;
  /** Dictionaries this chunk owns (a published chunk of a dictionary-encoded stream), or null. */
  private org.apache.arrow.vector.dictionary.DictionaryProvider.MapDictionaryProvider ownDictionaries;

  private FlightStreamChunk(VectorSchemaRoot data, byte[] appMetadata, boolean owned) {
    this(data, appMetadata, owned, List.of());
  }

  private FlightStreamChunk(VectorSchemaRoot data, byte[] appMetadata, boolean owned,
      List<DictionaryUpdate> dictionariesBefore) {
    this(data, appMetadata, owned, dictionariesBefore, null, 0);
  }

  private FlightStreamChunk(VectorSchemaRoot data, byte[] appMetadata, boolean owned,
      List<DictionaryUpdate> dictionariesBefore, FlightStreamReader lender, long lentAt) {
    this.lender = lender;
    this.lentAt = lentAt;
    this.data = data;
    this.appMetadata = appMetadata;
    this.owned = owned;
    this.dictionariesBefore = dictionariesBefore;
  }

  /** A chunk read from {@code reader}: borrows its root until the reader's next read. */
  static FlightStreamChunk borrowed(VectorSchemaRoot data, byte[] appMetadata, FlightStreamReader reader,
      long readCount) {
    return new FlightStreamChunk(data, appMetadata, false, List.of(), reader, readCount);
  }

  /** A chunk of a replayed table: its dictionary batches (borrowed), then its batch (or none). */
  static FlightStreamChunk replayed(VectorSchemaRoot data, boolean owned, List<DictionaryUpdate> dictionaries) {
    return new FlightStreamChunk(data, null, owned, dictionaries);
  }

  boolean owned() {
    return owned;
  }

  List<DictionaryUpdate> dictionariesBefore() {
    return dictionariesBefore;
  }

  /**
   * A batch, lent to the stream, with optional metadata.
   *
   * @param data the batch; borrowed: the caller keeps ownership and must not close or change it
   *     before the server asks for the next chunk (see {@link FlightDataStream})
   * @param appMetadata metadata sent in the same message, or null for none
   * @return the chunk
   */
  public static FlightStreamChunk of(VectorSchemaRoot data, byte[] appMetadata) {
    return new FlightStreamChunk(data, appMetadata, false);
  }

  /**
   * A batch, lent to the stream, without metadata.
   *
   * @param data the batch; borrowed: the caller keeps ownership and must not close or change it
   *     before the server asks for the next chunk (see {@link FlightDataStream})
   * @return the chunk
   */
  public static FlightStreamChunk of(VectorSchemaRoot data) {
    return of(data, null);
  }

  /**
   * A batch handed over to the stream, with optional metadata: for a generator that makes a new
   * root per batch and wants the server to close it.
   *
   * @param data the batch; the stream takes ownership of it and closes it after sending it
   *     (whether or not the send succeeded)
   * @param appMetadata metadata sent in the same message, or null for none
   * @return the chunk
   */
  public static FlightStreamChunk owning(VectorSchemaRoot data, byte[] appMetadata) {
    return new FlightStreamChunk(data, appMetadata, true);
  }

  /**
   * A message carrying only application metadata, no batch.
   *
   * @param appMetadata the metadata
   * @return the chunk
   */
  public static FlightStreamChunk metadataOnly(byte[] appMetadata) {
    return new FlightStreamChunk(null, appMetadata, false);
  }

  /**
   * The batch of this message.
   *
   * @return the root, or null for a metadata-only message; for a chunk read from a reader, the
   *     reader's root, borrowed until the reader's next read (do not close it)
   * @throws IllegalStateException for a chunk read from a reader that has read again (or was
   *     closed) since: the root now holds another batch; use {@link #keep()} to keep a chunk
   */
  public VectorSchemaRoot data() {
    if (lender != null && data != null && lender.readCount() != lentAt) {
      throw new IllegalStateException("this chunk borrowed the reader's root, which a later read has reused"
          + " (or closing the reader released): call keep() on a chunk to use it after the next read");
    }
    return data;
  }

  /**
   * Keeps this chunk beyond the next read. For a chunk read from a reader, returns an owned chunk
   * whose batch is a new root over the same received buffers (no copy), accounted to the
   * reader's allocator; the caller closes it. For a metadata-only chunk, or one not read from a
   * reader, returns this chunk unchanged (closing it then does what {@link #close()} says).
   *
   * @return an owned chunk (close it), valid after the reader's next read and after the reader
   *     is closed; dictionary-encoded columns still refer to the reader's dictionaries, which
   *     stay valid only until the reader is closed
   * @throws IllegalStateException when the chunk is no longer valid (see {@link #data()})
   */
  public FlightStreamChunk keep() {
    if (lender == null || data == null) {
      return this;
    }
    VectorSchemaRoot shared = dev.flightwire.internal.ipc.VectorShare.share(data(), lender.allocator());
    return new FlightStreamChunk(shared, appMetadata, true);
  }

  /**
   * {@link #keep()}, with the dictionaries of the stream's dictionary-encoded columns as they
   * stand now, shared (no copy) and owned by the returned chunk: for chunks that outlive the
   * reader (the asynchronous API's publishers).
   */
  FlightStreamChunk keepWithDictionaries() {
    FlightStreamChunk kept = keep();
    if (lender == null || data == null) {
      return kept;
    }
    java.util.Map<Long, org.apache.arrow.vector.dictionary.Dictionary> now = lender.dictionaryMap();
    if (!now.isEmpty()) {
      kept.ownDictionaries = new org.apache.arrow.vector.dictionary.DictionaryProvider.MapDictionaryProvider();
      for (org.apache.arrow.vector.dictionary.Dictionary d : now.values()) {
        kept.ownDictionaries.put(new org.apache.arrow.vector.dictionary.Dictionary(
            dev.flightwire.internal.ipc.VectorShare.share(d.getVector(), lender.allocator()), d.getEncoding()));
      }
    }
    return kept;
  }

  /**
   * The dictionaries of this chunk's dictionary-encoded columns: for a chunk delivered by a
   * publisher of the asynchronous API ({@link FlightClient#doGetAsync}), the stream's
   * dictionaries as they stood at this chunk, owned by the chunk (closing it releases them;
   * nothing was copied); for a chunk read from a reader, the reader's (borrowed, see
   * {@link FlightStreamReader#dictionaries()}).
   *
   * @return the provider, or null when the chunk has no dictionary-encoded data
   */
  public org.apache.arrow.vector.dictionary.DictionaryProvider dictionaries() {
    if (ownDictionaries != null) {
      return ownDictionaries;
    }
    if (lender != null && data != null && !lender.dictionaryMap().isEmpty()) {
      return lender.dictionaries();
    }
    return null;
  }

  /**
   * The application metadata of this message.
   *
   * @return the metadata (not a copy), or null when there is none
   */
  public byte[] appMetadata() {
    return appMetadata;
  }


  @Override
  public String toString() {
    return "FlightStreamChunk<" + (data == null ? "no data" : data.getRowCount() + " rows")
        + (appMetadata == null ? "" : ", " + appMetadata.length + " bytes of metadata") + ">";
  }

  /**
   * Closes the root if this chunk owns it ({@link #owning}), for example a chunk that will not be
   * sent after all; a borrowed root is left alone. Idempotent.
   */
  @Override
  public void close() {
    if (owned && data != null && !closed) {
      closed = true;
      data.close();
      if (ownDictionaries != null) {
        for (long id : ownDictionaries.getDictionaryIds()) {
          ownDictionaries.lookup(id).getVector().close();
        }
      }
    }
  }
}
