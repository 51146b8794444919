package dev.autodiscover;

/**
 * Receives progress of a {@link BatchRequest} after each address completes.
 *
 * <p>Called on the SDK's threads, possibly from several at once but never concurrently for the same batch
 * (calls for one batch are serialised, so {@link BatchProgress#done()} never goes backwards). Must be fast
 * and must not block; anything it throws is logged and ignored.
 */
@FunctionalInterface
public interface BatchProgressListener {
  /** A listener that does nothing. */
  BatchProgressListener NONE = progress -> {};

  /**
   * Called after an address's item is complete.
   *
   * @param progress the counts at this moment; never null
   */
  void progress(BatchProgress progress);
}
