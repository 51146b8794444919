package dev.autodiscover;

/**
 * Receives progress of a {@link BatchRequest} after each address completes.
 *
 * <p>Called on the SDK's threads, possibly from several at once but never concurrently for the same batch
 * (calls for one batch are serialised, so {@link BatchProgress#done()} never goes backwards). When the batch's
 * deadline passes and the client's timer is more than a second late doing its work (its thread is overloaded or has
 * died), a thread waiting in {@link BatchRequest#resolve()} does that work, and the calls for the items it fails run
 * on that thread. Must be fast and must not block; a {@link RuntimeException} it throws is logged and ignored, an
 * {@link Error} ends the batch with that error.
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
